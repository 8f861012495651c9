import { LexiconSentimentAnalyzer } from '../sentiment/lexicon-sentiment.analyzer';
import { KnowledgeBase } from './knowledge-base';
import type { OfflineAnswerContext } from './knowledge.types';
import type { OfflineAnswerer } from './offline-answerer';
import { defaultOfflineAnswerers, OfflineAnswerComposer } from './offline-answer.composer';

const NOT_FOUND = /No encontré información confiable/;

describe('Offline assistant: small talk, glossary, tone and relevance', () => {
  const kb = new KnowledgeBase();
  const composer = new OfflineAnswerComposer();
  const answer = (question: string, ctx: OfflineAnswerContext = {}) =>
    composer.compose(question, kb.search(question, 3), ctx);

  describe('small talk', () => {
    it.each([
      ['hola', /¡Hola!/],
      ['Buen día!', /¡Hola!/],
      ['buenas tardes', /¡Hola!/],
      ['gracias!', /¡(De nada|Un placer)/],
      ['Muchas gracias, me sirvió mucho', /¡(De nada|Un placer)/],
      ['cómo andás?', /Muy bien, gracias por preguntar/],
      ['hola, como estas?', /¡Hola! ¡Muy bien/],
      ['chau', /¡Hasta luego/],
      ['gracias, chau', /¡Hasta la próxima!/],
      ['¿qué podés hacer?', /Puedo explicarte[^.]*CEDEAR/],
      ['en que me podes ayudar', /Puedo explicarte/],
      ['ok', /¡(Genial|Perfecto)!/],
      ['dale, perfecto!', /¡(Genial|Perfecto)!/],
      ['joya 👍', /¡(Genial|Perfecto)!/],
    ])('answers %j fittingly', (message, expected) => {
      const text = answer(message);
      expect(text).toMatch(expected);
      expect(text).not.toMatch(NOT_FOUND);
    });

    it('does not take sarcastic praise for an acknowledgement', () => {
      expect(answer('genial, otra vez en rojo')).not.toMatch(/¡(Genial|Perfecto)!/);
    });

    it('greets by name', () => {
      expect(answer('hola', { display_name: 'Sofi' })).toMatch(/^¡Hola, Sofi!/);
    });

    it('leaves a real question that starts with a greeting to the next answerers', () => {
      const text = answer('Hola, ¿qué es un CEDEAR?');
      expect(text).toMatch(/certificado/);
      expect(answer('hola, quiero comprar un auto')).toMatch(NOT_FOUND);
    });
  });

  describe('glossary before retrieval', () => {
    it('answers "qué es" from the glossary, dated and sourced', () => {
      const text = answer('q es la duration');
      expect(text).toMatch(/plazo promedio/);
      expect(text).toMatch(/Fuente: BYMA; explicación revisada el \d+ de \w+ de 20\d\d\./);
    });

    it('answers who regulates', () => {
      expect(answer('¿Quién regula a las ALyCs?')).toMatch(/Regulación y supervisión: La CNV/);
    });

    it('sends the user to the official source for facts that change', () => {
      expect(answer('que es el dolar tarjeta')).toMatch(/confirmar la información vigente en ARCA/);
    });

    it('presents historical terms as history', () => {
      expect(answer('¿qué era el impuesto PAIS?')).toMatch(/Dejó de aplicarse a fines de 2024/);
    });

    it('leaves comparisons to retrieval', () => {
      expect(answer('¿MEP o CCL, qué es mejor?')).not.toMatch(/Fuente: CNV; explicación/);
    });

    it('keeps the answerers an ordered list another step can be placed in', () => {
      const names = defaultOfflineAnswerers().map((a) => a.name);
      expect(names).toEqual(['order-request', 'small-talk', 'glossary', 'retrieval']);
      const figures: OfflineAnswerer = {
        name: 'figures',
        answer: (q) => (q.folded.includes('riesgo pais hoy') ? 'cifra' : null),
      };
      const list = defaultOfflineAnswerers();
      list.splice(list.length - 1, 0, figures);
      const custom = new OfflineAnswerComposer(list);
      expect(custom.compose('riesgo pais hoy', [], {})).toBe('cifra');
      expect(custom.compose('hola', [], {})).toMatch(/¡Hola!/);
    });
  });

  describe('tone: the opening acknowledges the detected emotion', () => {
    const question = 'Compré YPF y se fue a pique, ¿qué hago?';
    const openingFor = (ctx: OfflineAnswerContext) => answer(question, ctx).split('\n\n')[0];

    it.each([
      ['miedo', 'negative', /calma|despacio/, /enojo|bronca|frustra/],
      ['incertidumbre', 'negative', /dudas/, /nervios|enojo/],
      ['enojo', 'negative', /enojo|bronca/, /nervios|inquietud|preocupe/],
      ['frustracion', 'negative', /frustrante/, /nervios|inquietud|preocupe/],
      ['euforia', 'positive', /entusiasmo|te esté yendo bien/, /nervios|calma/],
      ['confianza', 'positive', /Buena pregunta|Qué bueno que te interese/, /nervios|calma/],
    ] as const)('%s', (emotion, label, expected, unexpected) => {
      const opening = openingFor({
        sentiment_label: label,
        sentiment_emotions: { [emotion]: 0.7 },
      });
      expect(opening).toMatch(expected);
      expect(opening).not.toMatch(unexpected);
    });

    it('reads sarcasm, as the analyzer detects it, as anger rather than panic', async () => {
      const analyzer = new LexiconSentimentAnalyzer();
      for (const message of ['Bárbaro, otra comisión', 'Genial, otra vez en rojo con los bonos']) {
        const sentiment = await analyzer.analyze(message);
        const text = composer.compose(message, kb.search(message, 3), {
          sentiment_label: sentiment.label,
          sentiment_emotions: sentiment.emotions,
        });
        const opening = text.split('\n\n')[0];
        expect([message, opening]).not.toEqual([
          message,
          expect.stringMatching(/nervios|inquietud/),
        ]);
        expect(opening).toMatch(/enojo|bronca|frustra/);
      }
    });

    it('keeps the calm opening for a negative message with no emotion detail', () => {
      expect(openingFor({ sentiment_label: 'negative' })).toMatch(/calma/);
    });
  });

  describe('relevance margin for a second passage', () => {
    it.each([
      ['lecap vs plazo fijo', /money market/i],
      ['las lecaps tienen liquidez diaria?', /panel general|acciones/i],
      ['¿por qué sube el Merval si el BCRA compra dólares?', /reservas (brutas|netas)|swap/i],
      ['¿el merval sube cuando baja el dólar?', /bonos soberanos|Bonares|Globales/i],
      ['conviene entrar en lecaps con la tasa actual?', /TNA|TEA|TEM/],
    ])('does not stitch an off-topic passage into %j', (question, offTopic) => {
      const body = answer(question).split('\n\n').slice(1, -1).join('\n\n');
      expect(body).not.toMatch(offTopic);
    });

    it('still adds the second side of a comparison the user asked for', () => {
      const text = answer('lecap vs plazo fijo');
      expect(text).toMatch(/LECAP/);
      expect(text).toMatch(/Para completar la comparación|Mirando la otra alternativa/);
      expect(text).toMatch(/plazo fijo tradicional/i);
    });
  });
});
