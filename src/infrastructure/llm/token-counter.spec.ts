import { TokenCounter } from './token-counter';

describe('TokenCounter', () => {
  const counter = new TokenCounter();

  it('counts ordinary text with the cl100k encoding', () => {
    expect(counter.count('¿Qué es un CEDEAR?')).toBeGreaterThan(3);
    expect(counter.count('')).toBe(0);
    expect(counter.countMessage('hola')).toBe(counter.count('hola') + 4);
  });

  it('estimates very long unbroken runs instead of encoding them (quadratic otherwise)', () => {
    const n = counter.count(`hola ${'a'.repeat(4000)} chau`);
    expect(n).toBe(Math.ceil(4000 / 3) + counter.count('hola   chau'));
  });
});
