import { CORPUS_REVIEWED_AT, KNOWLEDGE_CORPUS } from './index';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('knowledge corpus', () => {
  it('has at least 45 passages with unique ids', () => {
    expect(KNOWLEDGE_CORPUS.length).toBeGreaterThanOrEqual(45);
    const ids = KNOWLEDGE_CORPUS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(KNOWLEDGE_CORPUS.map((p) => [p.id, p] as const))(
    '%s is 60-180 words, reviewed and tagged in lower case',
    (_id, passage) => {
      expect(words(passage.text)).toBeGreaterThanOrEqual(60);
      expect(words(passage.text)).toBeLessThanOrEqual(180);
      expect(passage.reviewed_at).toBe('2026-11-27');
      expect(passage.tags.length).toBeGreaterThan(0);
      for (const tag of passage.tags) expect(tag).toBe(tag.toLowerCase());
      expect(passage.title.trim()).not.toBe('');
    },
  );

  it('uses a single review date', () => {
    expect(CORPUS_REVIEWED_AT).toBe('2026-11-27');
  });

  it('never carries live prices', () => {
    for (const passage of KNOWLEDGE_CORPUS) {
      // A peso or dollar amount next to a currency sign would read as a quote.
      expect(passage.text).not.toMatch(/(\$|US\$|USD)\s?\d/);
    }
  });

  it('covers the required themes', () => {
    const ids = new Set(KNOWLEDGE_CORPUS.map((p) => p.id));
    for (const id of [
      'merval-indice',
      'panel-general',
      'adr-ratio-ccl',
      'cedear-que-es',
      'acciones-argentinas',
      'bonos-ley-local-ny',
      'bonos-cer',
      'bonos-duales-dollar-linked',
      'lecap',
      'boncap',
      'lebac-historia',
      'leliq-historia',
      'obligaciones-negociables',
      'fci-money-market',
      'plazo-fijo-uva-precancelable',
      'caucion-bursatil',
      'mep-vs-ccl',
      'dolar-blue',
      'dolar-tarjeta',
      'brecha-cambiaria',
      'inflacion-nucleo',
      'rem-expectativas',
      'bandas-cambiarias',
      'riesgo-pais',
      'cripto-argentina',
      'perfil-de-riesgo',
      'compras-periodicas',
      'cuando-cae-una-inversion',
      'plazos-de-liquidacion',
      'impuestos-inversiones',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('dates the facts that change over time', () => {
    const byId = new Map(KNOWLEDGE_CORPUS.map((p) => [p.id, p]));
    expect(byId.get('bandas-cambiarias')?.text).toMatch(/abril de 2025/);
    expect(byId.get('leliq-historia')?.text).toMatch(/2024/);
    expect(byId.get('plazos-de-liquidacion')?.text).toMatch(/mayo de 2024/);
    for (const id of [
      'bandas-cambiarias',
      'bcra-politica-monetaria',
      'dolar-oficial',
      'inflacion-ipc',
    ]) {
      expect(byId.get(id)?.official_source).toBeTruthy();
    }
  });
});
