import { KnowledgeBase } from '../knowledge/knowledge-base';
import { OfflineAnswerComposer } from '../knowledge/offline-answer.composer';
import { needsDisclaimer, quotesFigures, speaksOfInvestments } from './disclaimer-policy';

describe('the disclaimer decision', () => {
  it.each([
    '¿Qué es un CEDEAR?',
    '¿Conviene comprar GGAL ahora?',
    '¿A cuánto está el dólar MEP?',
    '¿Cuánto rinde un plazo fijo a 30 días?',
    '¿Cómo diversifico mi cartera?',
    'Quiero invertir mis ahorros',
    '¿Qué opinás del bitcoin?',
    '¿Cuánto dio la inflación de octubre?',
    '¿Cómo está el riesgo país?',
    '¿Me conviene un FCI money market o una caución?',
    '¿Los bonos AL30 pagan cupón?',
    'tengo $ 500.000 parados, ¿qué hago?',
    'Subió 7,5% en el día',
    'vendo mis YPFD?',
    '¿qué estrategia uso si soy conservador?',
    '¿Qué hago con mis ahorros?',
  ])('gives one for a question about instruments, figures or strategies: %s', (q) => {
    expect(speaksOfInvestments(q)).toBe(true);
    expect(needsDisclaimer(q, '')).toBe(true);
  });

  it.each([
    'Hola',
    'hola! ¿cómo estás?',
    'Buen día',
    'Gracias, muy claro',
    '¿Quién sos?',
    'Chau, nos vemos',
    '¿Podés hablar más despacio?',
    'perdón, me equivoqué de chat',
    'jajaja',
    '¿Qué hora es?',
  ])('gives none for a greeting or small talk: %s', (q) => {
    expect(needsDisclaimer(q, '¡Hola! ¿En qué te puedo ayudar hoy?')).toBe(false);
  });

  it('gives one when only the answer speaks of figures', () => {
    expect(
      needsDisclaimer(
        '¿Y hoy?',
        'El dólar MEP cerró a $ 1.180 según la fuente, con 0,4 % de suba.',
      ),
    ).toBe(true);
  });

  it('gives none to a greeting even when the reply lists what the assistant can explain', () => {
    const composer = new OfflineAnswerComposer();
    const kb = new KnowledgeBase();
    for (const q of ['Hola', '¿Qué podés hacer?', 'Gracias!']) {
      const reply = composer.compose(q, kb.search(q, 3), {});
      expect(needsDisclaimer(q, reply)).toBe(false);
    }
    expect(
      needsDisclaimer(
        'Hola',
        'Puedo explicarte acciones, bonos, CEDEARs, el riesgo país o la TNA.',
      ),
    ).toBe(false);
  });

  it('reads an answer by the figures and tickers it quotes', () => {
    expect(quotesFigures('GGAL subió 3 % en el día')).toBe(true);
    expect(quotesFigures('La inflación fue de 2,7 %')).toBe(true);
    expect(quotesFigures('Cotiza a US$ 1.050')).toBe(true);
    expect(quotesFigures('Te explico qué es un bono')).toBe(false);
    expect(quotesFigures('quién regula qué (BCRA, CNV, BYMA)')).toBe(false);
  });

  it('does not mistake ordinary words for tickers or instruments', () => {
    expect(speaksOfInvestments('Me voy de vacaciones en el auto de mi hermano')).toBe(false);
    expect(speaksOfInvestments('on y off, el botón no anda')).toBe(false);
  });
});
