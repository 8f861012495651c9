import { GLOSSARY_REVIEWED_AT } from './review-date';
import type { GlossaryCategory, GlossaryEntry, GlossarySource } from './glossary.types';

type Extra = Pick<GlossaryEntry, 'regulator' | 'risk_level' | 'changes'>;

/** Builds the entries of one category, all carrying the glossary's review date. */
export function defineEntries(category: GlossaryCategory) {
  return (
    id: string,
    term: string,
    aliases: readonly string[],
    text: string,
    source: GlossarySource,
    extra: Extra = {},
  ): GlossaryEntry => ({
    id,
    term,
    aliases,
    category,
    text,
    source,
    reviewed_at: GLOSSARY_REVIEWED_AT,
    ...extra,
  });
}
