import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import type { SentimentLabel } from './sentiment.types';

const analyzer = new LexiconSentimentAnalyzer();
const analyze = (text: string) => analyzer.analyzeSync(text);

type Case = [text: string, label: SentimentLabel];

function expectLabels(cases: Case[]): void {
  it.each(cases)('reads "%s" as %s', (text, label) => {
    expect(analyze(text).label).toBe(label);
  });
}

describe('LexiconSentimentAnalyzer', () => {
  describe('Rioplatense slang', () => {
    expectLabels([
      ['Se fue a pique el panel líder y yo re comprado', 'negative'],
      ['Me comí toda la bajada de Pampa', 'negative'],
      ['Hoy todo verde en el Merval, hermoso', 'positive'],
      ['Galicia la está rompiendo esta semana', 'positive'],
      ['Un garrón lo del cupón pagado en pesos', 'negative'],
      ['Me fundí con los futuros de soja', 'negative'],
      ['Fue un baño de sangre la rueda de hoy', 'negative'],
      ['Me clavé con esa ON y quedé adentro', 'negative'],
      ['Estoy en rojo con los CEDEARs', 'negative'],
      ['Tranqui, la cartera viene bárbaro', 'positive'],
      ['Una masa el informe de hoy, joya', 'positive'],
      ['Ni en pedo compro más cripto', 'negative'],
      ['Estoy al horno con los bonos provinciales', 'negative'],
      ['Tengo un cagazo con lo que pueda hacer el dólar', 'negative'],
    ]);

    it('keeps the matched phrase as a keyword, not its words', () => {
      expect(analyze('El Merval se fue a pique').keywords).toContain('se fue a pique');
    });
  });

  describe('negation', () => {
    expectLabels([
      ['No me preocupa la baja de hoy, sigo tranquilo', 'positive'],
      ['No está mal lo que rindió el fondo', 'positive'],
      ['No estoy contento con el rendimiento', 'negative'],
      ['Nunca me sentí tan seguro con mis inversiones', 'positive'],
      ['Ni un día en rojo en todo el mes', 'positive'],
      ['Tampoco me gustó cómo respondieron', 'negative'],
      ['Sin problemas pude retirar los dólares', 'positive'],
    ]);

    it('keeps fear when "tanto" follows the negation ("nunca tuve tanto miedo")', () => {
      expect(analyze('Nunca tuve tanto miedo con el dólar').label).toBe('negative');
    });

    it('makes a negated feeling weaker than the plain opposite', () => {
      const negated = analyze('No estoy preocupado').score;
      const plain = analyze('Estoy tranquilo').score;
      expect(negated).toBeGreaterThan(0);
      expect(negated).toBeLessThan(plain);
    });
  });

  describe('intensifiers and diminishers', () => {
    it('scores "re preocupado" above "preocupado" and "un poco preocupado" below it', () => {
      const plain = analyze('Estoy preocupado').score;
      expect(analyze('Estoy re preocupado').score).toBeLessThan(plain);
      expect(analyze('Estoy un poco preocupado').score).toBeGreaterThan(plain);
    });

    it('scores "súper contento" above "bastante contento"', () => {
      expect(analyze('Estoy súper contento').score).toBeGreaterThan(
        analyze('Estoy bastante contento').score,
      );
    });

    it('treats "medio preocupado" as still negative', () => {
      expect(analyze('Medio preocupado con la deuda').label).toBe('negative');
    });

    it('reads "muy" glued to a phrase ("me re cagué") as stronger', () => {
      expect(analyze('Me re cagué con la caída').score).toBeLessThan(
        analyze('Me cagué con la caída').score,
      );
    });
  });

  describe('contrast', () => {
    expectLabels([
      ['Subió pero igual tengo miedo', 'negative'],
      ['Tuve miedo, pero ahora estoy tranquilo', 'positive'],
      ['Aunque rebotó el Merval, sigo amargado', 'negative'],
      ['Aunque perdí un poco, estoy contento con la estrategia', 'positive'],
      ['Bajó la cartera, sin embargo confío en el plan', 'positive'],
    ]);
  });

  describe('domain polarity', () => {
    expectLabels([
      ['El riesgo país bajó otra vez', 'positive'],
      ['Se disparó la brecha', 'negative'],
      ['Subió la inflación', 'negative'],
      ['Se disparó el dólar blue', 'negative'],
      ['Subió YPF', 'positive'],
      ['Subieron mis acciones', 'positive'],
      ['Bajó el MERVAL', 'negative'],
      ['Se achicó la brecha cambiaria', 'positive'],
      ['Cayeron los bonos', 'negative'],
      ['TGNO4 +9% en la rueda', 'positive'],
    ]);

    it('gives no stance when the subject cuts both ways ("bajaron las tasas")', () => {
      expect(analyze('Bajaron las tasas').label).toBe('neutral');
    });

    it('reports the subject a movement was read against', () => {
      expect(analyze('Subió la inflación').keywords).toEqual(['subio', 'inflacion']);
    });
  });

  describe('questions', () => {
    expectLabels([
      ['¿Qué es un CEDEAR?', 'neutral'],
      ['¿Conviene el MEP o el CCL?', 'neutral'],
      ['¿Es bueno invertir en bonos CER?', 'neutral'],
      ['¿Se puede perder plata con un plazo fijo?', 'neutral'],
      ['como compro dolar mep', 'neutral'],
      ['¿Hasta cuándo va a seguir subiendo todo? Estoy agotado', 'negative'],
      ['¿Cómo puede ser que me cobren por no operar?', 'negative'],
    ]);

    it('gives a plain question without stance a middling confidence', () => {
      const result = analyze('¿Cuánto rinde la caución?');
      expect(result.score).toBe(0);
      expect(result.confidence).toBeGreaterThanOrEqual(0.5);
    });
  });

  describe('sarcasm', () => {
    expectLabels([
      ['Bárbaro, otra comisión', 'negative'],
      ['Genial, otra vez en rojo', 'negative'],
      ['Qué lindo perder plata', 'negative'],
      ['Excelente, la app se colgó de nuevo', 'negative'],
      ['Se cayó el home banking justo hoy, fenómeno', 'negative'],
      ['Genial, me salvaste con lo del MEP', 'positive'],
    ]);

    it('reads the ironic praise as anger', () => {
      expect(analyze('Bárbaro, otra comisión').emotions).toHaveProperty('enojo');
    });
  });

  describe('emojis', () => {
    expectLabels([
      ['Mis acciones 🚀🚀', 'positive'],
      ['La cartera hoy 📉😭', 'negative'],
      ['Llegó el cupón 🤑', 'positive'],
      ['El soporte no contesta 😡', 'negative'],
      ['Avisame cuando abra el mercado 🔔', 'neutral'],
      ['Gracias :)', 'positive'],
    ]);
  });

  describe('capitals and exclamations', () => {
    it('makes a shouted complaint stronger than the same words in lower case', () => {
      expect(analyze('ESTOY HARTO DE ESTA APP').score).toBeLessThan(
        analyze('estoy harto de esta app').score,
      );
    });

    it('makes exclamation marks amplify the stance', () => {
      expect(analyze('Qué alegría!!!').score).toBeGreaterThan(analyze('Qué alegría').score);
    });

    it('keeps a shouted request without stance neutral', () => {
      expect(analyze('NECESITO EL RESUMEN DE CUENTA').label).toBe('neutral');
    });
  });

  describe('missing accents', () => {
    it('scores text without accents like the accented text', () => {
      expect(analyze('Estoy preocupadisimo, perdi mucho con el dolar')).toEqual(
        analyze('Estoy preocupadísimo, perdí mucho con el dólar'),
      );
    });

    expectLabels([['que garron, se desplomo todo', 'negative']]);
  });

  describe('repeated letters', () => {
    expectLabels([
      ['Buenisimoooo el dato', 'positive'],
      ['noooo, me liquidaron', 'negative'],
      ['graciaaaas, me re sirvió', 'positive'],
      ['horribleeee la rueda', 'negative'],
    ]);

    it('scores "noooo" standing alone as dismay, not as a negation', () => {
      expect(analyze('noooo').label).toBe('negative');
    });
  });

  describe('typos and chat shorthand', () => {
    expectLabels([
      ['q bronca, perdi todo x no vender', 'negative'],
      ['exelente la atencion', 'positive'],
      ['toy re preocupado', 'negative'],
      ['que desatre el mercado hoy', 'negative'],
      ['estoy preocupao con los bonos', 'negative'],
      ['me fue rebien este mes', 'positive'],
    ]);

    it('does not mistake ordinary words for near misses ("cargada" is not "cagada")', () => {
      expect(analyze('Dejo la orden cargada').label).toBe('neutral');
    });
  });

  describe('voseo', () => {
    expectLabels([
      ['Tenés razón, me convenía el MEP', 'positive'],
      ['No te preocupés, la cartera está firme', 'positive'],
      ['Comprá 100 acciones de YPF', 'neutral'],
      ['Decime cuánto tengo disponible', 'neutral'],
      ['Fijate que me cobraron dos veces', 'negative'],
      ['Sos un genio, me salvaste', 'positive'],
    ]);
  });
});
