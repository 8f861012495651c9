import { Injectable } from '@nestjs/common';
import { isValidCard, isValidCbu, isValidCuit } from './argentine-ids';

export type PiiKind = 'CUIT' | 'CBU' | 'TARJETA' | 'DNI' | 'EMAIL' | 'TELEFONO';

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

export const PLACEHOLDER = /\[(?:CUIT|CBU|TARJETA|DNI|EMAIL|TELEFONO)_\d{1,4}\]/g;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Runs of digits with optional single separators (space, dot, dash, slash).
const DIGIT_RUN = /(?<![\p{L}\p{N}])\+?\d(?:[\d]|[ .\-/](?=\d)){6,30}(?![\p{L}\p{N}])/gu;
const DNI_CONTEXT = /(dni|documento|d\.n\.i|doc\.?|n[uú]mero de documento)\W{0,6}$/i;
const PHONE_CONTEXT = /(tel[eé]fono|tel\.?|cel(ular)?|whats?app|wsp|llam[aá]me|contacto)\W{0,8}$/i;

function classify(raw: string, before: string): PiiKind | null {
  const plain = raw.replace(/\D/g, '');
  if (plain.length === 11 && isValidCuit(plain)) return 'CUIT';
  if (plain.length === 22 && isValidCbu(plain)) return 'CBU';
  if (plain.length >= 12 && plain.length <= 19 && isValidCard(plain)) return 'TARJETA';
  // Argentine phones: +54 ..., 011/0xx ..., 15 ..., or ten digits with an area code.
  const looksPhone =
    raw.startsWith('+54') ||
    /^(\+?54 ?9?|0\d{2,4}[ -]|15[ -])/.test(raw) ||
    (PHONE_CONTEXT.test(before) && plain.length >= 8 && plain.length <= 13);
  if (looksPhone && plain.length >= 8 && plain.length <= 13) return 'TELEFONO';
  // DNI: 7-8 digits announced by context (a bare 12.345.678 may as well be an index level).
  if (plain.length >= 7 && plain.length <= 8 && DNI_CONTEXT.test(before)) return 'DNI';
  if (plain.length === 10 && /^(11|2\d|3\d)\d{8}$/.test(plain) && /[ -]/.test(raw))
    return 'TELEFONO';
  return null;
}

/**
 * Replaces Argentine personal identifiers with placeholders before text leaves for the LLM:
 * CUIT/CUIL and CBU/CVU (check digits verified), card numbers (Luhn), DNI (in context),
 * emails and phone numbers. Amounts, percentages and tickers are left alone.
 */
@Injectable()
export class PiiMasker {
  mask(text: string, vault: PiiVault): string {
    let out = text.replace(EMAIL, (m) => vault.placeholder('EMAIL', m));
    out = out.replace(DIGIT_RUN, (m: string, offset: number, whole: string) => {
      const kind = classify(m, whole.slice(Math.max(0, offset - 30), offset));
      return kind ? vault.placeholder(kind, m) : m;
    });
    return out;
  }

  /** Puts the originals back where the answer quotes a placeholder. */
  restore(text: string, vault: PiiVault): string {
    if (vault.size === 0) return text;
    return text.replace(PLACEHOLDER, (p) => vault.original(p) ?? p);
  }
}
