import { KnowledgeBase } from './knowledge-base';
import type { OfflineAnswerContext } from './knowledge.types';
import { OfflineAnswerComposer, splitIntoChunks } from './offline-answer.composer';

describe('OfflineAnswerComposer', () => {
  const kb = new KnowledgeBase();
  const composer = new OfflineAnswerComposer();
  const answer = (question: string, ctx: OfflineAnswerContext = {}) =>
    composer.compose(question, kb.search(question), ctx);

  it('explains what a CEDEAR is with its key facts', () => {
    const text = answer('¿Qué es un CEDEAR?');
    expect(text).toMatch(/certificado/i);
    expect(text).toMatch(/exterior|extranjeras/);
    expect(text).toMatch(/pesos/);
    expect(text).toMatch(/CCL/);
    // The disclaimer travels in the reply's own field, never inside the answer.
    expect(text).not.toMatch(/no (es )?una recomendación de inversión/);
  });

  it('tells MEP and CCL apart by where the dollars settle', () => {
    const text = answer('¿MEP o CCL?');
    expect(text).toMatch(/MEP[^.]*en Argentina/);
    expect(text).toMatch(/CCL[^.]*en el exterior/);
  });

  it('explains riesgo país with JP Morgan, basis points and US Treasuries', () => {
    const text = answer('¿Qué es el riesgo país?');
    expect(text).toMatch(/puntos básicos/);
    expect(text).toMatch(/JP Morgan|EMBI/);
    expect(text).toMatch(/Tesoro de Estados Unidos/);
  });

  it('contrasts plazo fijo (fixed rate, locked term) with money market (daily liquidity)', () => {
    const text = answer('¿plazo fijo o money market?');
    expect(text).toMatch(/tasa fija/);
    expect(text).toMatch(/plazo/);
    expect(text).toMatch(/liquidez diaria|rescat/);
  });

  it('presents LELIQs as history', () => {
    const text = answer('¿Qué son las LELIQ?');
    expect(text).toMatch(/ya no existen|dejó de licitarlas|desaparecer/);
    expect(text).toMatch(/fueron/);
  });

  it('explains LECAPs as capitalizable fixed-rate letters', () => {
    const text = answer('qué es una lecap');
    expect(text).toMatch(/[Cc]apitalizable/);
    expect(text).toMatch(/tasa fija/);
  });

  it('opens calmly and risk-aware for a worried user', () => {
    const question = 'Compré YPF y se fue a pique, ¿qué hago?';
    const worried = answer(question, { sentiment_label: 'negative' });
    const firstParagraph = worried.split('\n\n')[0];
    expect(firstParagraph).toMatch(/calma|despacio/);
    expect(firstParagraph).toMatch(/riesgo|apurad/);
    expect(worried).toMatch(/pánico/);
    expect(worried).toMatch(/tesis/);
    const neutral = answer(question, { sentiment_label: 'neutral' });
    expect(neutral.split('\n\n')[0]).not.toMatch(/calma|despacio/);
  });

  it('keeps every worried opening calm, whatever the phrasing', () => {
    for (const question of [
      'Se me desplomó GGAL',
      'Estoy perdiendo plata con los bonos',
      'Tengo miedo de que caiga el Merval',
      'Me preocupa la inflación',
      'No sé qué hacer con mis CEDEARs en rojo',
    ]) {
      const opening = answer(question, { sentiment_label: 'negative' }).split('\n\n')[0];
      expect(opening).toMatch(/calma/);
    }
  });

  it('adapts to a conservative profile', () => {
    const plain = answer('¿Qué es un CEDEAR?');
    const conservative = answer('¿Qué es un CEDEAR?', { risk_profile: 'Conservador' });
    expect(conservative).not.toBe(plain);
    expect(conservative).toMatch(/perfil es conservador/);
    expect(conservative).toMatch(/riesgo alto/);
    expect(conservative).toMatch(/money market|plazo fijo/);
    const lowRisk = answer('¿plazo fijo o money market?', { risk_profile: 'conservador' });
    expect(lowRisk).toMatch(/encajar bien|encaja/);
  });

  it('personalises with favourite tickers, goals and portfolio size', () => {
    const text = answer('Compré YPF y se fue a pique, ¿qué hago?', {
      favorite_tickers: ['YPFD', 'GGAL'],
      investment_goals: ['Jubilación'],
      portfolio_value: 2_000_000,
      display_name: 'Sofi',
    });
    expect(text).toMatch(/seguís YPFD/);
    expect(text).toMatch(/objetivo de jubilación/);
    expect(text).toMatch(/\$200\.000/);
  });

  it('answers an unknown topic honestly, listing what it can explain', () => {
    const question = '¿Cuál es la receta de la milanesa?';
    const text = composer.compose(question, kb.search(question), {});
    expect(text).toMatch(/no inventar/);
    expect(text).toMatch(/CEDEAR/);
    expect(text).toMatch(/riesgo país/);
    expect(text).toMatch(/\?/);
    expect(text).not.toMatch(/milanesa/);
  });

  it('says it has no real-time quotes when asked for a price, and still explains the concept', () => {
    const text = answer('¿A cuánto está el dólar blue hoy?');
    expect(text).toMatch(/[Nn]o tengo cotizaciones en tiempo real/);
    expect(text).toMatch(/mercado informal/);
    const ticker = answer('¿Cuánto vale GGAL?');
    expect(ticker).toMatch(/no puedo decirte cómo cotiza GGAL hoy/);
  });

  it('adds an official-source hint when facts may have changed', () => {
    expect(answer('¿Qué son las bandas cambiarias?')).toMatch(
      /confirmar la información vigente en el BCRA/,
    );
  });

  it('does not echo the question', () => {
    const question = 'Che, ¿qué onda con la caución bursátil para mis pesos?';
    expect(answer(question)).not.toContain(question);
  });

  it('is deterministic', () => {
    const ctx: OfflineAnswerContext = { sentiment_label: 'negative', risk_profile: 'moderado' };
    expect(answer('¿Qué es el riesgo país?', ctx)).toBe(answer('¿Qué es el riesgo país?', ctx));
  });
});

describe('splitIntoChunks', () => {
  it.each([
    'Hola, ¿cómo estás?',
    '  espacios al inicio y al final  ',
    'Párrafo uno.\n\nPárrafo dos con varias palabras más para cortar.',
    'una',
    '',
  ])('round-trips %j', (text) => {
    expect(splitIntoChunks(text).join('')).toBe(text);
  });

  it('yields a few words per chunk', () => {
    const chunks = splitIntoChunks('uno dos tres cuatro cinco seis siete');
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.trim().split(/\s+/).length).toBeLessThanOrEqual(3);
  });

  it('round-trips a composed answer', () => {
    const text = new OfflineAnswerComposer().compose(
      '¿Qué es un CEDEAR?',
      new KnowledgeBase().search('¿Qué es un CEDEAR?'),
      {},
    );
    expect(splitIntoChunks(text).join('')).toBe(text);
  });
});
