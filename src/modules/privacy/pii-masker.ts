import { Injectable } from '@nestjs/common';
import { DIGIT_RUN, identifiersIn } from './digit-run';
import { aliasSpans } from './pii-context';

export type PiiKind = 'CUIT' | 'CBU' | 'ALIAS' | 'TARJETA' | 'DNI' | 'EMAIL' | 'TELEFONO';

/** Placeholders look like `[CUIT_1]`; the same value always gets the same placeholder. */
export class PiiVault {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters = new Map<PiiKind, number>();

  placeholder(kind: PiiKind, value: string): string {
    const known = this.byValue.get(value);
    if (known) return known;
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    const p = `[${kind}_${n}]`;
    this.byValue.set(value, p);
    this.byPlaceholder.set(p, value);
    return p;
  }

  original(placeholder: string): string | undefined {
    return this.byPlaceholder.get(placeholder);
  }

  get size(): number {
    return this.byValue.size;
  }
}

export const PLACEHOLDER = /\[(?:CUIT|CBU|ALIAS|TARJETA|DNI|EMAIL|TELEFONO)_\d{1,4}\]/g;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

interface Span {
  kind: PiiKind;
  start: number;
  end: number;
}

function replaceSpans(text: string, spans: Span[], vault: PiiVault): string {
  let out = '';
  let at = 0;
  for (const s of spans.sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + vault.placeholder(s.kind, text.slice(s.start, s.end));
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * Replaces Argentine personal identifiers with placeholders before text leaves for the LLM:
 * CUIT/CUIL and CBU/CVU (check digits verified, or announced as such), card numbers (Luhn),
 * DNI (announced: "mi DNI es 30.123.456", "30.123.456 es mi DNI"), CBU aliases, emails and
 * phone numbers in the ways Argentines write them. Amounts, index levels, prices, dates,
 * percentages and tickers are left alone.
 */
@Injectable()
export class PiiMasker {
  mask(text: string, vault: PiiVault): string {
    const emails = text.replace(EMAIL, (m) => vault.placeholder('EMAIL', m));
    const aliases = replaceSpans(
      emails,
      aliasSpans(emails).map((s) => ({ ...s, kind: 'ALIAS' as const })),
      vault,
    );
    const spans: Span[] = [];
    for (const m of aliases.matchAll(DIGIT_RUN)) {
      spans.push(...identifiersIn(aliases, m[0], m.index ?? 0));
    }
    return replaceSpans(aliases, spans, vault);
  }

  /** Puts the originals back where the answer quotes a placeholder. */
  restore(text: string, vault: PiiVault): string {
    if (vault.size === 0) return text;
    return text.replace(PLACEHOLDER, (p) => vault.original(p) ?? p);
  }
}
