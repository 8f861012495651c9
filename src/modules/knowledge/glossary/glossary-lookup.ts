import { GlossaryMatcher, glossaryTokens, type GlossaryMatch } from './glossary-matcher';
import type { GlossaryEntry } from './glossary.types';

/** What the question asks about a term: what it is, or who regulates it. */
export type GlossaryAsk = 'definition' | 'regulator';

export interface GlossaryLookup {
  /** The terms asked about, in the order written (one, or two listed together). */
  entries: GlossaryEntry[];
  ask: GlossaryAsk;
}

/**
 * Phrasings that ask for a definition, as token sequences ("q" and "k" are read as "que"). Users write "q es", "k es", "what is",
 * "qué es eso de", "para qué sirve", "quién regula", "cómo funciona"...
 */
const DEFINITION_CUES = (
  'que es|que son|que seria|que serian|que era|que eran|que fue|que fueron|que significa|' +
  'que significan|que quiere decir|que onda con|que onda el|que onda la|que onda los|que onda las|' +
  'de que se trata|de que se tratan|para que sirve|para que sirven|para que se usa|para que se usan|' +
  'para que es|como funciona|como funcionan|como se calcula|como se mide|como se usa|como se hace|' +
  'como opera|como operan|como es|como son|como anda|como andan|que mide|que miden|que hace|' +
  'que hacen|que funcion|significado de|definicion de|definime|defini|explicame|explica|me explica|' +
  'me explicas|explicar|no entiendo|concepto de|ni idea|no cacho|que carajo es|que mierda es|' +
  'que diablos es|what is|what are|whats|what s|what does|how|wtf es|wtf is|info sobre|hablame de|' +
  'hablame del|contame de|contame del|contame sobre|que me podes decir de|que sabes de|que sabes del|' +
  'en que consiste|en que consisten|a que se refiere|a que le dicen|a que llaman|que es eso de|' +
  'que es eso del|que es lo de|que es lo del|que rol cumple|que rol tiene|cual es el rol de|' +
  'cual es la funcion de|que funcion cumple|que funcion tiene|para que esta|para que existe|' +
  'a que se le dice|a que se le llama|que se entiende por|explique|expliquen|me expliquen'
)
  .split('|')
  .map((cue) => cue.split(' '));

const REGULATOR_CUES = (
  'quien regula|quienes regulan|quien controla|quien supervisa|quien fiscaliza|quien autoriza|' +
  'quien vigila|who regulates|que organismo regula|que organismo controla|que ente regula|' +
  'que ente controla|bajo que organismo|regulado por quien'
)
  .split('|')
  .map((cue) => cue.split(' '));

/** Words that may sit between the cue and the term ("qué es el famoso …", "qué es eso del …"). */
const BRIDGE = new Set(
  (
    'el la los las lo un una unos unas del de al a eso esto ese esa este esta famoso famosa ' +
    'famosos famosas tema sigla palabra termino concepto exactamente bien realmente mismo ' +
    'misma dichoso dichosa tal so the an tan mentado mentada asi llamado llamada llamados'
  ).split(' '),
);

/** Words a bare term may come with ("¿y las LECAP?", "che, caución?"). */
const BARE_FILLER = new Set(
  (
    'y e el la los las lo un una unos unas del de che bueno ok entonces pregunta consulta ' +
    'hola buenas y que tal eh ah mmm sobre acerca info'
  ).split(' '),
);

/** Entries that are often the setting of a question rather than its subject. */
const BROAD_ENTRIES = new Set(
  'bono accion banco alyc fci byma cuenta-comitente mercado-de-capitales cartera rendimiento'.split(
    ' ',
  ),
);

/** Words that join a broad term to the specific one that qualifies it ("FCI de renta fija"). */
const QUALIFIERS = new Set(['de', 'del', 'en']);

/** Longer messages say more than "what is X"; a cue must then sit next to the term. */
const MAX_LOOSE_TOKENS = 12;

/** Words that may join two listed terms ("la TNA y la TEA"). */
const LIST_JOIN = new Set('y e la el los las lo un una unos unas del de ni'.split(' '));

/** Chat spellings of cue words: "q es", "k significa", "pa q sirve". */
const CUE_SPELLINGS: Record<string, string> = {
  q: 'que',
  qe: 'que',
  k: 'que',
  ke: 'que',
  pa: 'para',
};

/** A cue word as written: chat spellings mapped, and one typo forgiven in long words. */
function cueWordIs(written: string | undefined, word: string): boolean {
  if (written === undefined) return false;
  const w = CUE_SPELLINGS[written] ?? written;
  if (w === word) return true;
  if (word.length < 6 || Math.abs(w.length - word.length) > 1) return false;
  let i = 0;
  while (i < w.length && w[i] === word[i]) i++;
  // One substitution, insertion or deletion at the first difference.
  return (
    w.slice(i + 1) === word.slice(i + 1) ||
    w.slice(i) === word.slice(i + 1) ||
    w.slice(i + 1) === word.slice(i)
  );
}

function cueAt(tokens: readonly string[], i: number, cue: readonly string[]): boolean {
  return cue.every((word, k) => cueWordIs(tokens[i + k], word));
}

function cueEnds(tokens: readonly string[], cues: readonly string[][]): number[] {
  const ends: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const cue of cues) if (cueAt(tokens, i, cue)) ends.push(i + cue.length);
  }
  return ends;
}

/** Finds the glossary terms a question asks about, or null when it is not such a question. */
export class GlossaryLookupService {
  private readonly matcher: GlossaryMatcher;

  constructor(entries: readonly GlossaryEntry[]) {
    this.matcher = new GlossaryMatcher(entries);
  }

  /** All terms found in a text, whatever is asked (the summary and tests use it). */
  termsIn(text: string): GlossaryMatch[] {
    return this.matcher.find(glossaryTokens(text));
  }

  lookup(text: string): GlossaryLookup | null {
    const tokens = glossaryTokens(text);
    if (tokens.length === 0) return null;
    const matches = this.matcher.find(tokens);
    if (matches.length === 0) return null;
    const regulatorEnds = cueEnds(tokens, REGULATOR_CUES);
    const definitionEnds = cueEnds(tokens, DEFINITION_CUES);
    const hasCue = regulatorEnds.length + definitionEnds.length > 0;
    const found =
      this.afterCue(tokens, matches, regulatorEnds) ??
      this.afterCue(tokens, matches, definitionEnds) ??
      this.beforeCue(tokens, matches, [...regulatorEnds, ...definitionEnds]) ??
      this.onlyTerm(tokens, matches, hasCue) ??
      this.bare(tokens, matches);
    const first = found && this.narrowed(tokens, matches, found, hasCue);
    if (!first) return null;
    const ask: GlossaryAsk = regulatorEnds.length > 0 ? 'regulator' : 'definition';
    return { entries: this.listed(tokens, matches, first), ask };
  }

  /** The first term that starts right after a cue, across bridge words only. */
  private afterCue(
    tokens: readonly string[],
    matches: readonly GlossaryMatch[],
    ends: readonly number[],
  ): GlossaryMatch | undefined {
    for (const end of ends) {
      let at = end;
      for (let skipped = 0; skipped <= 3 && at <= tokens.length; skipped++) {
        const match = matches.find((m) => m.start === at);
        if (match) return match;
        if (!BRIDGE.has(tokens[at])) break;
        at++;
      }
    }
    return undefined;
  }

  /** "El CCL, ¿qué es?": a term written just before the cue. */
  private beforeCue(
    tokens: readonly string[],
    matches: readonly GlossaryMatch[],
    ends: readonly number[],
  ): GlossaryMatch | undefined {
    // The cue must close the question ("…money market, ¿qué es eso?"); "el plazo fijo que es
    // más seguro" is a relative clause, not a question about the term.
    const closing = new Set<number>();
    for (const cues of [DEFINITION_CUES, REGULATOR_CUES]) {
      for (let i = 0; i < tokens.length; i++) {
        for (const cue of cues) {
          if (cueAt(tokens, i, cue) && onlyBridge(tokens, i + cue.length, tokens.length))
            closing.add(i);
        }
      }
    }
    if (ends.length === 0) return undefined;
    return matches.find((m) => closing.has(m.end));
  }

  /**
   * A broad term is the setting when a specific one qualifies it: "un FCI de renta variable"
   * asks about that kind of fund, "la TIR de un bono, ¿qué significa?" about the TIR.
   */
  private narrowed(
    tokens: readonly string[],
    matches: readonly GlossaryMatch[],
    found: GlossaryMatch,
    hasCue: boolean,
  ): GlossaryMatch {
    if (!BROAD_ENTRIES.has(found.entry.id)) return found;
    const qualifier = matches.find(
      (m) =>
        m.start === found.end + 1 &&
        QUALIFIERS.has(tokens[found.end]) &&
        !BROAD_ENTRIES.has(m.entry.id),
    );
    return qualifier ?? this.onlyTerm(tokens, matches, hasCue) ?? found;
  }

  /**
   * A short question with a cue anywhere and a single term ("no cacho nada de acciones, q son",
   * "el riesgo país, ¿qué mide?"): the term is what it asks about.
   */
  private onlyTerm(
    tokens: readonly string[],
    matches: readonly GlossaryMatch[],
    hasCue: boolean,
  ): GlossaryMatch | undefined {
    if (!hasCue || tokens.length > MAX_LOOSE_TOKENS) return undefined;
    const distinct = new Set(matches.map((m) => m.entry.id));
    if (distinct.size === 1) return matches[0];
    // "la TIR de un bono", "el test del inversor que pide el broker": the specific concept is
    // the question; the broad instrument or institution around it is context.
    const specific = matches.filter((m) => !BROAD_ENTRIES.has(m.entry.id));
    return new Set(specific.map((m) => m.entry.id)).size === 1 ? specific[0] : undefined;
  }

  /** A message that is nothing but the term ("¿caución?", "y el CER?"). */
  private bare(
    tokens: readonly string[],
    matches: readonly GlossaryMatch[],
  ): GlossaryMatch | undefined {
    if (matches.length !== 1) return undefined;
    const [m] = matches;
    return onlyFiller(tokens, 0, m.start) && onlyFiller(tokens, m.end, tokens.length)
      ? m
      : undefined;
  }

  /** The first term and a second one listed right after it ("la TNA y la TEA"). */
  private listed(
    tokens: readonly string[],
    matches: readonly GlossaryMatch[],
    first: GlossaryMatch,
  ): GlossaryEntry[] {
    const entries = [first.entry];
    const next = matches.find((m) => m.start > first.end - 1 && m.entry !== first.entry);
    if (next && next.start > first.end) {
      const between = tokens.slice(first.end, next.start);
      if (between.includes('y') || between.includes('e')) {
        if (between.every((t) => LIST_JOIN.has(t))) entries.push(next.entry);
      }
    }
    return entries;
  }
}

function onlyBridge(tokens: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!BRIDGE.has(tokens[i])) return false;
  return true;
}

function onlyFiller(tokens: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!BARE_FILLER.has(tokens[i])) return false;
  return true;
}
