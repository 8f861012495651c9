import { needsDisclaimer, speaksOfInvestments } from './disclaimer-policy';

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

  it('does not mistake ordinary words for tickers or instruments', () => {
    expect(speaksOfInvestments('Me voy de vacaciones en el auto de mi hermano')).toBe(false);
    expect(speaksOfInvestments('on y off, el botón no anda')).toBe(false);
  });
});
