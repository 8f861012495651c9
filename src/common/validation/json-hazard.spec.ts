import fc from 'fast-check';
import { findJsonHazard, MAX_JSON_DEPTH } from './json-hazard';

const nest = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));
const nestObjects = (n: number): unknown => JSON.parse('{"a":'.repeat(n) + '1' + '}'.repeat(n));

describe('findJsonHazard', () => {
  it('accepts ordinary payloads', () => {
    expect(findJsonHazard({ message: 'hola', user_context: { a: [1, { b: 'c' }] } })).toBeNull();
    expect(findJsonHazard(nest(MAX_JSON_DEPTH))).toBeNull();
  });

  it.each([MAX_JSON_DEPTH + 1, 100, 30_000, 100_000])(
    'reports nesting %i deep without overflowing',
    (n) => {
      expect(findJsonHazard(nest(n))).toBe('too_deep');
      expect(findJsonHazard(nestObjects(n))).toBe('too_deep');
    },
  );

  it('finds a NUL anywhere: in values, keys and nested arrays', () => {
    expect(findJsonHazard({ message: 'a\u0000b' })).toBe('nul');
    expect(findJsonHazard({ 'k\u0000': 1 })).toBe('nul');
    expect(findJsonHazard({ a: [{ b: ['x', '\u0000'] }] })).toBe('nul');
  });

  it('finds a NUL placed at any position of any generated payload', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.string(), fc.string(), (json, pre, post) => {
        const payload = { data: json, message: `${pre}\u0000${post}` };
        expect(findJsonHazard(payload)).toBe('nul');
      }),
      { numRuns: 1000 },
    );
  });

  it('never flags generated payloads without NUL that stay shallow', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), (json) => {
        fc.pre(!JSON.stringify(json).includes('\\u0000'));
        expect(findJsonHazard(json)).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });
});
