import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import type { SentimentLabel } from './sentiment.types';

const analyzer = new LexiconSentimentAnalyzer();

type Case = [text: string, label: SentimentLabel];

function expectLabels(cases: Case[]): void {
  it.each(cases)('reads "%s" as %s', (text, label) => {
    expect(analyzer.analyzeSync(text).label).toBe(label);
  });
}

describe('irony', () => {
  describe('a face that winks at irony turns the praise before it', () => {
    expectLabels([
      ['te amo app, cinco veces me pediste el token hoy 🙃', 'negative'],
      ['qué lindo sería que alguien me conteste 🙃', 'negative'],
      ['excelente idea la de cerrar la sucursal 🙃', 'negative'],
      ['hermoso día para estar con todo en pesos 🤡', 'negative'],
      ['me encanta cuando la app se tilda en la apertura 🤡', 'negative'],
      // Sincere controls: no marker, or praise that is not before it.
      ['me encanta la app nueva 🥰', 'positive'],
      ['te amo app, me salvaste el mes', 'positive'],
    ]);

    it('reads the turned praise as anger', () => {
      expect(
        analyzer.analyzeSync('te amo app, cinco veces me pediste el token 🙃').emotions,
      ).toHaveProperty('enojo');
    });
  });

  describe('applause after a complaint is sarcastic, after good news sincere', () => {
    expectLabels([
      ['de diez el soporte, tres días sin responder 👏👏', 'negative'],
      ['felicitaciones al que programó esta app, no anda nada 👏👏👏', 'negative'],
      ['compré en el pico como un campeón 👏', 'negative'],
      ['joya, otra comisión nueva 👏', 'negative'],
      ['cerré la semana arriba 👏', 'positive'],
      ['GENIAL LA NUEVA FUNCIÓN DE ALERTAS 👏', 'positive'],
    ]);
  });

  describe('a sign-off that winks at a fact told in another clause', () => {
    expectLabels([
      ['tremendo servicio el del administrador, nunca aparece 👏', 'negative'],
      ['divino el banco, 3 días sin luz en la sucursal 🙂', 'negative'],
      ['qué bien el resumen, no me dejaron ni para el alquiler 👍', 'negative'],
      ['uy qué sorpresa, otro aumento de la prepaga 😐', 'negative'],
      // Sincere controls: one clause of praise, good news in the fact, or no fact at all.
      ['genial la nueva función de alertas 👏', 'positive'],
      ['me aprobaron el crédito, qué alegría 🙂', 'positive'],
      ['gracias por la info, ya lo hice 👍', 'positive'],
      ['excelente atención, me resolvieron todo en 5 minutos 👏', 'positive'],
    ]);

    it('leaves sincere applause after good news to the rules (the learned layer misses it)', () => {
      const rulesAlone = new LexiconSentimentAnalyzer(undefined, null);
      expect(rulesAlone.analyzeSync('cobré el aguinaldo, genial 👏').label).toBe('positive');
    });
  });

  describe('verdicts said as often in jest as in earnest', () => {
    expectLabels([
      ['re bien, me cobraron dos veces la comisión', 'negative'],
      ['los felicito, un trámite de cinco minutos me tardó una semana', 'negative'],
      ['d10 la atención, nadie responde', 'negative'],
      ['qué grande, otra comisión', 'negative'],
      ['amo que el MEP no me deje operar', 'negative'],
      ['re bien, ya me acreditaron', 'positive'],
      ['d10 la atención, me resolvieron todo', 'positive'],
      ['qué grande, me salió la orden al precio que quería', 'positive'],
    ]);
  });

  describe('praise that closes a clause before trailing emoji', () => {
    expectLabels([
      ['el bono se desplomó, gracias por el consejo 👏', 'negative'],
      ['se cayó la app en plena rueda, bárbaro 👍', 'negative'],
    ]);
  });

  describe('praise before plain facts of a complaint (waits, repetitions, what is still not done)', () => {
    expectLabels([
      ['maravilloso, me debitaron el prestamo dos veces', 'negative'],
      ['amo que me pidan el dni cada vez que entro', 'negative'],
      ['me encanta esperar 40 minutos para hablar con alguien', 'negative'],
      ['muy amables todos, tres semanas y todavia no me devuelven el dinero', 'negative'],
      // Speed and terms are not waits; sincere praise stays praise.
      ['una masa esta app, en dos minutos tenia la cuenta abierta', 'positive'],
      ['excelente, me aprobaron el credito en un dia', 'positive'],
      ['genial, hice un plazo fijo a 30 dias', 'positive'],
    ]);
  });

  describe('a complaint only talked about is no evidence of irony', () => {
    expectLabels([['excelente la charla sobre estafas telefonicas', 'positive']]);
  });

  describe('a slight smile is polite, or passive-aggressive after a complaint', () => {
    expectLabels([
      ['otra comision nueva, que alegria 🙂', 'negative'],
      ['gracias por la ayuda 🙂', 'positive'],
    ]);
  });
});
