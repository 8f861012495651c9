import type { GlossaryEntry } from './glossary.types';
import { DOLLAR_ENTRIES } from './dollar.glossary';
import { FIXED_INCOME_ENTRIES } from './fixed-income.glossary';
import { INSTITUTION_ENTRIES } from './institutions.glossary';
import { INSTRUMENT_ENTRIES } from './instruments.glossary';
import { MACRO_ENTRIES } from './macro.glossary';
import { PORTFOLIO_ENTRIES } from './portfolio.glossary';
import { TAX_AND_ORDER_ENTRIES } from './taxes-and-orders.glossary';

export * from './glossary.types';
export { GLOSSARY_REVIEWED_AT } from './review-date';

/** Every glossary entry, in a stable order. */
export const GLOSSARY: readonly GlossaryEntry[] = Object.freeze([
  ...INSTRUMENT_ENTRIES,
  ...FIXED_INCOME_ENTRIES,
  ...DOLLAR_ENTRIES,
  ...INSTITUTION_ENTRIES,
  ...TAX_AND_ORDER_ENTRIES,
  ...MACRO_ENTRIES,
  ...PORTFOLIO_ENTRIES,
]);
