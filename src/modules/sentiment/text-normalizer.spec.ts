import {
  TOKEN_AMOUNT,
  TOKEN_CLAUSE_START,
  TOKEN_ELONGATED,
  TOKEN_EMOJI,
  TOKEN_NUMBER,
  TOKEN_PERCENT,
  TOKEN_SIGN_MINUS,
  TOKEN_SIGN_PLUS,
  TOKEN_UPPER,
  TextNormalizer,
} from './text-normalizer';

const normalizer = new TextNormalizer();
const tokens = (text: string) => [...normalizer.normalize(text).tokens];
const flagsOf = (text: string) => {
  const out = normalizer.normalize(text);
  return Array.from(out.flags.subarray(0, out.count));
};

describe('TextNormalizer', () => {
  it('lower-cases and strips accents, folding ñ and ü', () => {
    expect(tokens('Qué PÉSIMO año, pingüino')).toEqual(['que', 'pesimo', 'ano', 'pinguino']);
  });

  it('collapses letters repeated three or more times and flags the token', () => {
    expect(tokens('buenisimoooo noooo graciaaas')).toEqual(['buenisimo', 'no', 'gracias']);
    expect(flagsOf('noooo')[0] & TOKEN_ELONGATED).toBeTruthy();
  });

  it('keeps legitimate double letters and long numbers intact', () => {
    expect(tokens('acciones llevo 1000')).toEqual(['acciones', 'llevo', '1000']);
  });

  it('keeps thousands separators and decimals inside one number', () => {
    expect(tokens('cerró en 2.100.000 y 2,5')).toEqual(['cerro', 'en', '2100000', 'y', '25']);
  });

  it('turns each emoji into a token, dropping skin tones and variation selectors', () => {
    expect(tokens('👍🏽 subió ❤️ 🚀🚀')).toEqual(['👍', 'subio', '❤', '🚀', '🚀']);
    expect(flagsOf('🚀')[0] & TOKEN_EMOJI).toBeTruthy();
  });

  it('reads emoticons as emoji tokens', () => {
    expect(tokens('bien :) mal :-( ok :D')).toEqual(['bien', ':)', 'mal', ':(', 'ok', ':)']);
  });

  it('expands chat shorthand', () => {
    expect(tokens('q bajon x el dolar, toy mal')).toEqual([
      'que',
      'bajon',
      'por',
      'el',
      'dolar',
      'estoy',
      'mal',
    ]);
  });

  it('canonicalises laughter', () => {
    expect(tokens('jajajaja jsjsjs jeje')).toEqual(['jaja', 'jaja', 'jaja']);
  });

  it('flags signed percentages, and no other signed number but amounts', () => {
    const [up, , down, , plain] = flagsOf('+12% y -4% pero +3 puntos');
    expect(up & TOKEN_SIGN_PLUS && up & TOKEN_PERCENT).toBeTruthy();
    expect(down & TOKEN_SIGN_MINUS && down & TOKEN_PERCENT).toBeTruthy();
    expect(plain & TOKEN_NUMBER).toBeTruthy();
    expect(plain & (TOKEN_SIGN_PLUS | TOKEN_PERCENT)).toBeFalsy();
  });

  it('keeps the sign of amounts written with "$" or followed by a money unit', () => {
    const [cash, , lucas, , phone] = flagsOf('+$50.000 y -200 lucas pero +54');
    expect(cash & TOKEN_SIGN_PLUS && cash & TOKEN_AMOUNT).toBeTruthy();
    expect(lucas & TOKEN_SIGN_MINUS && lucas & TOKEN_AMOUNT).toBeTruthy();
    expect(phone & (TOKEN_SIGN_PLUS | TOKEN_AMOUNT)).toBeFalsy();
  });

  it('reads every name of money as "plata"', () => {
    expect(tokens('tiré la guita, todo el dinero')).toEqual([
      'tire',
      'la',
      'plata',
      'todo',
      'el',
      'plata',
    ]);
  });

  it('marks clause starts after punctuation but not after hyphens inside words', () => {
    const flags = flagsOf('Bajó, pero Coca-Cola no');
    expect(flags.map((f) => (f & TOKEN_CLAUSE_START) !== 0)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('splits sentences and marks questions, including a question opened mid-sentence', () => {
    const out = normalizer.normalize('Entre caución y LECAP, ¿cuál rinde más? Gracias. Hola!');
    expect(out.sentenceCount).toBe(3);
    expect(Array.from(out.sentenceQuestion.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(out.sentenceExclaims.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(out.exclamations).toBe(1);
  });

  it('flags capitalised tokens and detects a shouted message', () => {
    expect(flagsOf('compré YPF')[1] & TOKEN_UPPER).toBeTruthy();
    expect(normalizer.normalize('compré YPF hoy').shouting).toBe(false);
    expect(normalizer.normalize('ESTOY HARTO DE ESTA APP').shouting).toBe(true);
  });

  it('grows its buffers for long inputs and still reuses them for short ones', () => {
    const long = 'palabra '.repeat(5_000);
    expect(normalizer.normalize(long).count).toBe(5_000);
    expect(tokens('hola che')).toEqual(['hola', 'che']);
  });
});
