import { OfflineAnswerComposer } from './offline-answer.composer';
import { KnowledgeBase } from './knowledge-base';
import type { OfflineAnswerContext } from './knowledge.types';

const kb = new KnowledgeBase();
const composer = new OfflineAnswerComposer();
const answer = (question: string, ctx: OfflineAnswerContext = {}) =>
  composer.compose(question, kb.search(question, 3), ctx);

describe('the offline assistant follows the suitability rules', () => {
  it.each([
    'Comprame 100 GGAL',
    'vendé mis bonos AL30',
    'hacé la orden de compra de YPFD',
    '¿Podés comprar dólares por mí?',
    'operá por mí, no tengo tiempo',
  ])('declines to place an order: %s', (q) => {
    const text = answer(q);
    expect(text).toMatch(/No puedo operar por vos/);
    expect(text).not.toMatch(/\bcomprá\b|\bvendé\b/i);
  });

  it.each(['Decime qué acción comprar', '¿Qué compro con mi aguinaldo?', 'Recomendame un bono'])(
    'declines to tell what to buy: %s',
    (q) => {
      expect(answer(q)).toMatch(/No puedo decirte qué comprar o vender/);
    },
  );

  it('leaves educational questions about buying to the knowledge answers', () => {
    expect(answer('¿Cómo se compra un CEDEAR?')).not.toMatch(/No puedo (operar|decirte)/);
  });

  it('suggests updating a stale profile before strategy talk', () => {
    const text = answer('¿Cómo diversifico mi cartera?', {
      risk_profile: 'agresivo',
      profile_status: 'stale',
      profile_max_age_days: 365,
    });
    expect(text.split('\n\n')[0]).toMatch(/te sugiero actualizar tu perfil de inversor/);
    expect(text).toContain('365 días');
  });

  it('suggests completing a missing profile, and says nothing with a current one', () => {
    expect(answer('¿Qué es un CEDEAR?', { profile_status: 'missing' })).toMatch(
      /^Antes de hablar de estrategias.*completar tu perfil de inversor/,
    );
    expect(
      answer('¿Qué es un CEDEAR?', { risk_profile: 'moderado', profile_status: 'current' }),
    ).not.toMatch(/perfil de inversor en la app/);
  });

  it('adds no profile note to small talk', () => {
    expect(answer('Hola', { profile_status: 'missing' })).not.toMatch(/perfil de inversor/);
  });

  it('does not repeat the disclaimer inside the answer (the reply carries it apart)', () => {
    expect(answer('¿Qué es un CEDEAR?')).not.toMatch(/no (es |constituye )?una recomendación/);
    expect(answer('¿Qué es el riesgo país?')).not.toMatch(/no (es |constituye )?una recomendación/);
  });
});
