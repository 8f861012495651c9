/** Token flags and the shape of a normalised message. */

/** Every letter of the token was written in capitals (tickers, shouting). */
export const TOKEN_UPPER = 1;
/** A letter was repeated three or more times ("noooo", "graciaaas"). */
export const TOKEN_ELONGATED = 2;
/** The token opens a clause: message start or right after , ; : . ! ? and similar. */
export const TOKEN_CLAUSE_START = 4;
export const TOKEN_EMOJI = 8;
export const TOKEN_NUMBER = 16;
/** A number written with a leading "+" ("+12%"); cleared unless it is a percentage or amount. */
export const TOKEN_SIGN_PLUS = 32;
/** A number written with a leading "-" ("-4%"); cleared unless it is a percentage or amount. */
export const TOKEN_SIGN_MINUS = 64;
/** A number followed by "%". */
export const TOKEN_PERCENT = 128;
/** A sum of money: written after "$" ("+$50.000") or before a unit ("-200 lucas"). */
export const TOKEN_AMOUNT = 256;

/** Result of one normalisation. Owned by the normaliser: valid until its next `normalize` call. */
export interface NormalizedText {
  readonly tokens: string[];
  readonly flags: Uint16Array;
  readonly sentenceOf: Int32Array;
  readonly sentenceQuestion: Uint8Array;
  readonly sentenceExclaims: Uint8Array;
  readonly sentenceFirstToken: Int32Array;
  count: number;
  sentenceCount: number;
  exclamations: number;
  /** Most letters are capitals: the whole message is shouted, so single capitals mean nothing. */
  shouting: boolean;
}

export type MutableOutput = { -readonly [K in keyof NormalizedText]: NormalizedText[K] };

/** Output buffers for messages of up to `size` tokens. */
export function createOutput(size: number): MutableOutput {
  return {
    tokens: [],
    flags: new Uint16Array(size),
    sentenceOf: new Int32Array(size),
    sentenceQuestion: new Uint8Array(size),
    sentenceExclaims: new Uint8Array(size),
    sentenceFirstToken: new Int32Array(size),
    count: 0,
    sentenceCount: 0,
    exclamations: 0,
    shouting: false,
  };
}
