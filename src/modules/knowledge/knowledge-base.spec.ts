import { KnowledgeBase, normalizeTerm, searchTerms, stemSpanish } from './knowledge-base';

describe('KnowledgeBase', () => {
  const kb = new KnowledgeBase();
  const topId = (query: string) => kb.search(query)[0]?.passage.id;
  const ids = (query: string) => kb.search(query).map((hit) => hit.passage.id);

  describe('Spanish term processing', () => {
    it('folds accents and case and drops stop words', () => {
      expect(normalizeTerm('Dólar')).toBe('dolar');
      expect(normalizeTerm('qué')).toBeNull();
      expect(searchTerms('¿Qué es el riesgo país?')).toEqual(['riesgo', 'pais']);
    });

    it('reduces plurals lightly without touching tickers', () => {
      expect(stemSpanish('acciones')).toBe('accion');
      expect(stemSpanish('dolares')).toBe('dolar');
      expect(stemSpanish('bonos')).toBe('bono');
      expect(stemSpanish('cedears')).toBe('cedear');
      expect(stemSpanish('intereses')).toBe('interes');
      expect(stemSpanish('gd30')).toBe('gd30');
      expect(searchTerms('T+1')).toEqual(['t1']);
    });
  });

  it.each([
    ['¿Qué es un CEDEAR?', 'cedear-que-es'],
    ['¿MEP o CCL?', 'mep-vs-ccl'],
    ['¿Qué es el riesgo país?', 'riesgo-pais'],
    ['¿plazo fijo o money market?', 'plazo-fijo-vs-money-market'],
    ['Compré YPF y se fue a pique, ¿qué hago?', 'cuando-cae-una-inversion'],
    ['¿Qué son las LELIQ?', 'leliq-historia'],
    ['qué es una lecap', 'lecap'],
    ['¿qué es el merval?', 'merval-indice'],
    ['diferencia entre AL30 y GD30', 'bonos-ley-local-ny'],
    ['¿Qué es el REM?', 'rem-expectativas'],
    ['cómo compro dólar mep', 'dolar-mep'],
    ['obligaciones negociables', 'obligaciones-negociables'],
    ['como empiezo a invertir', 'alyc-cuenta-comitente'],
    ['tengo miedo de perder plata', 'cuando-cae-una-inversion'],
  ])('answers %j with %s', (query, expected) => {
    expect(topId(query)).toBe(expected);
  });

  it('finds passages by ticker', () => {
    expect(topId('YPF')).toBe('acciones-argentinas');
    expect(topId('GGAL')).toBe('acciones-argentinas');
    expect(ids('GD30')).toEqual(expect.arrayContaining(['bonos-ley-local-ny']));
    expect(ids('AL30')).toEqual(expect.arrayContaining(['bonos-ley-local-ny', 'dolar-mep']));
    expect(topId('TX26')).toBe('bonos-cer');
  });

  it('tolerates accents, plurals and typos', () => {
    expect(topId('riesgo pais')).toBe('riesgo-pais');
    expect(topId('CEDEARS')).toBe(topId('cedear'));
    expect(topId('cedar')).toMatch(/^cedear-/);
    expect(topId('inflacon')).toMatch(/^inflacion-/);
    expect(topId('caución bursatil')).toBe('caucion-bursatil');
  });

  it('returns nothing for unrelated or empty questions', () => {
    for (const query of [
      '¿Cuál es la receta de la milanesa?',
      'quién ganó el partido de ayer',
      'quiero comprar un auto',
      'clima en buenos aires',
      'hola',
      '',
      '¿?',
    ]) {
      expect(kb.search(query)).toEqual([]);
    }
  });

  it('respects the limit and orders hits by score', () => {
    const hits = kb.search('dólar', 2);
    expect(hits.length).toBeLessThanOrEqual(2);
    expect(kb.search('dólar', 0)).toEqual([]);
    const many = kb.search('inflación', 5);
    for (let i = 1; i < many.length; i++)
      expect(many[i - 1].score).toBeGreaterThanOrEqual(many[i].score);
  });

  it('is deterministic', () => {
    expect(kb.search('¿MEP o CCL?')).toEqual(kb.search('¿MEP o CCL?'));
  });

  it('gets passages by id', () => {
    expect(kb.get('riesgo-pais')?.title).toMatch(/Riesgo país/);
    expect(kb.get('no-existe')).toBeUndefined();
    expect(kb.all().length).toBeGreaterThanOrEqual(45);
  });
});
