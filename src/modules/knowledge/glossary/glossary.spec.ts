import { GLOSSARY, GLOSSARY_REVIEWED_AT, GLOSSARY_SOURCES } from '.';
import { GlossaryLookupService } from './glossary-lookup';
import { glossaryTokens } from './glossary-matcher';

describe('Glossary', () => {
  const glossary = new GlossaryLookupService(GLOSSARY);
  const firstId = (question: string) => glossary.lookup(question)?.entries[0]?.id;

  it('covers the ~150 terms a beginner meets', () => {
    expect(GLOSSARY.length).toBeGreaterThanOrEqual(150);
    const categories = new Set(GLOSSARY.map((e) => e.category));
    expect([...categories].sort()).toEqual(
      ['concepto', 'dolar', 'impuesto', 'institucion', 'instrumento', 'orden'].sort(),
    );
  });

  describe.each(GLOSSARY.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
    it('is found by its name and by every alias, whatever the accents and case', () => {
      expect(firstId(`¿Qué es ${entry.term}?`)).toBe(entry.id);
      for (const alias of entry.aliases) {
        expect([alias, firstId(`que es ${alias}`)]).toEqual([alias, entry.id]);
        expect([alias, firstId(`¿QUÉ SIGNIFICA ${alias.toUpperCase()}?`)]).toEqual([
          alias,
          entry.id,
        ]);
      }
    });

    it('is a short, dated and sourced Spanish explanation', () => {
      expect(entry.text.length).toBeGreaterThan(120);
      expect(entry.text.length).toBeLessThan(650);
      expect(entry.text).toMatch(/^[A-ZÁÉÍÓÚÑ¿]/);
      expect(entry.text).toMatch(/\.$/);
      const sentences = entry.text.split(/(?<=\.)\s+(?=[A-ZÁÉÍÓÚÑ])/);
      expect(sentences.length).toBeLessThanOrEqual(4);
      expect(entry.reviewed_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.reviewed_at).toBe(GLOSSARY_REVIEWED_AT);
      expect(Object.keys(GLOSSARY_SOURCES)).toContain(entry.source);
    });

    it('never presents a changing figure as current: it is dated or points to its source', () => {
      // A percentage in force (a tax rate, a perception) must carry its year or the "changes"
      // flag, which makes the answer send the user to the official source.
      const inForce = /\b(vigente|sigue|seguía|alícuota|tope|mínimo no imponible)\b/i;
      if (/\d+(,\d+)?%/.test(entry.text) && inForce.test(entry.text)) {
        expect(/\b20\d\d\b/.test(entry.text) || entry.changes === true).toBe(true);
      }
      expect(entry.text).not.toMatch(/\b(actualmente|en este momento|al día de hoy)\b/i);
    });
  });

  it('gives every alias to one entry only, so a term never means two things', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const entry of GLOSSARY) {
      for (const name of new Set([entry.term, ...entry.aliases])) {
        const key = glossaryTokens(name).join(' ');
        const other = owner.get(key);
        if (other && other !== entry.id) clashes.push(`${name}: ${other} / ${entry.id}`);
        owner.set(key, entry.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('has unique ids', () => {
    const ids = GLOSSARY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('prefers the longest term: "plazo fijo UVA" over "plazo fijo", "dólar MEP" over "MEP"', () => {
    expect(firstId('¿qué es un plazo fijo uva?')).toBe('plazo-fijo-uva');
    expect(firstId('que es el plazo fijo')).toBe('plazo-fijo');
    expect(firstId('¿qué es el dólar futuro?')).toBe('dolar-futuro');
    expect(firstId('qué es la inflación núcleo')).toBe('inflacion-nucleo');
  });

  it('answers only what is asked about a term, not every mention of one', () => {
    for (const question of [
      '¿Qué es mejor, plazo fijo o LECAP?',
      'Compré YPF y se fue a pique, ¿qué hago?',
      'Tengo miedo de que caiga el Merval',
      '¿A cuánto está el dólar blue hoy?',
      'qué es lo que va a pasar con el dólar',
      'quiero comprar un auto',
      '',
    ]) {
      expect([question, glossary.lookup(question)]).toEqual([question, null]);
    }
  });

  it('reads who-regulates questions and terms written before the cue', () => {
    expect(glossary.lookup('¿Quién regula a las ALyCs?')).toMatchObject({
      ask: 'regulator',
      entries: [{ id: 'alyc' }],
    });
    expect(firstId('el CCL, ¿qué es?')).toBe('dolar-ccl');
    expect(firstId('¿caución?')).toBe('caucion');
  });

  it('asks about the specific term when a broad one is only its setting', () => {
    expect(firstId('la TIR de un bono, ¿qué significa?')).toBe('tir');
    expect(firstId('¿qué es un bono de ley Nueva York?')).toBe('ley-del-bono');
    expect(firstId('mi broker me pide el test del inversor, para qué es')).toBe('perfil-de-riesgo');
  });

  it('reads a closing cue after the term, but not a relative clause', () => {
    expect(firstId('en la app dice fondo money market, ¿qué es eso?')).toBe('fci-money-market');
    expect(
      glossary.lookup(
        'compré un bono que es de los que pagan cupón cada seis meses y quiero saber más',
      ),
    ).toBeNull();
  });

  it('never reads an everyday word as a misspelt term', () => {
    expect(glossary.termsIn('¿cuál es la diferencia? ¿qué es la calle Florida?')).toEqual([]);
  });

  it('explains two terms listed together', () => {
    const found = glossary.lookup('¿qué son la TNA y la TEA?');
    expect(found?.entries.map((e) => e.id)).toEqual(['tna', 'tea']);
  });
});
