import fc from 'fast-check';
import { compositeKey, compositeKeyPrefix } from './composite-key';

// Strings rich in the characters that made the old `${a}:${b}` keys collide.
const part = fc.string({
  unit: fc.constantFrom('a', 'b', ':', '.', '1', '2', '%', ' '),
  maxLength: 8,
});
const parts = fc.array(part, { minLength: 1, maxLength: 4 });

describe('compositeKey', () => {
  it('keeps apart the pairs that a plain colon join merges', () => {
    expect(compositeKey('r', 'a:b', 'c')).not.toBe(compositeKey('r', 'a', 'b:c'));
    expect(compositeKey('r', 'a', '')).not.toBe(compositeKey('r', 'a:', ''));
    expect(compositeKey('r', '1.a')).not.toBe(compositeKey('r', 'a'));
  });

  it('gives different keys to different lists of parts (thousands of generated lists)', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(compositeKey('ns', ...a)).not.toBe(compositeKey('ns', ...b));
      }),
      { numRuns: 5000 },
    );
  });

  it("matches a user's prefix only with that user's own keys", () => {
    fc.assert(
      fc.property(part, part, part, (user, other, rest) => {
        const key = compositeKey('ns', other, rest);
        expect(key.startsWith(compositeKeyPrefix('ns', user))).toBe(user === other);
      }),
      { numRuns: 5000 },
    );
  });
});
