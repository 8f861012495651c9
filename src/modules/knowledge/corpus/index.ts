import type { KnowledgePassage } from '../knowledge.types';
import { EQUITY_PASSAGES } from './acciones-y-cedears';
import { PESO_SAVINGS_PASSAGES } from './ahorro-en-pesos';
import { SOVEREIGN_BOND_PASSAGES } from './bonos-soberanos';
import { CRYPTO_PASSAGES } from './cripto';
import { DOLLAR_PASSAGES } from './dolar';
import { LETTERS_AND_CORPORATE_PASSAGES } from './letras-y-obligaciones';
import { MACRO_PASSAGES } from './macroeconomia';
import { OPERATIONS_PASSAGES } from './operar-en-el-mercado';
import { STRATEGY_PASSAGES } from './perfil-y-estrategia';

export { CORPUS_REVIEWED_AT } from './review-date';

/** The whole curated corpus, in a stable order so that ties in retrieval resolve the same way. */
export const KNOWLEDGE_CORPUS: readonly KnowledgePassage[] = Object.freeze([
  ...EQUITY_PASSAGES,
  ...SOVEREIGN_BOND_PASSAGES,
  ...LETTERS_AND_CORPORATE_PASSAGES,
  ...PESO_SAVINGS_PASSAGES,
  ...DOLLAR_PASSAGES,
  ...MACRO_PASSAGES,
  ...CRYPTO_PASSAGES,
  ...STRATEGY_PASSAGES,
  ...OPERATIONS_PASSAGES,
]);
