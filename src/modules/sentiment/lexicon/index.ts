import { CHAT_LEXICON } from './chat-lexicon';
import { CROSSOVER_LEXICON } from './crossover-lexicon';
import { DOMAIN_LEXICON } from './domain-lexicon';
import { EMOJI_LEXICON } from './emoji-lexicon';
import { FEELINGS_LEXICON } from './feelings-lexicon';
import { FRAMING_LEXICON } from './framing-lexicon';
import { GENERAL_LEXICON } from './general-lexicon';
import { GRAMMAR_LEXICON } from './grammar-lexicon';
import { IRONY_LEXICON } from './irony-lexicon';
import type { LexiconGroup } from './lexicon.types';
import { MARKET_LEXICON } from './market-lexicon';
import { MONEY_LEXICON } from './money-lexicon';
import { MOOD_LEXICON } from './mood-lexicon';
import { SETBACKS_LEXICON } from './setbacks-lexicon';
import { SLANG_LEXICON } from './slang-lexicon';

export * from './lexicon.types';

/** The default Rioplatense financial lexicon. */
export const DEFAULT_LEXICON: readonly LexiconGroup[] = [
  ...GRAMMAR_LEXICON,
  ...FRAMING_LEXICON,
  ...FEELINGS_LEXICON,
  ...MOOD_LEXICON,
  ...MARKET_LEXICON,
  ...MONEY_LEXICON,
  ...SETBACKS_LEXICON,
  ...SLANG_LEXICON,
  ...CHAT_LEXICON,
  ...CROSSOVER_LEXICON,
  ...GENERAL_LEXICON,
  ...DOMAIN_LEXICON,
  ...EMOJI_LEXICON,
  ...IRONY_LEXICON,
];
