import fc from 'fast-check';
import { upgradeTarget } from './upgrade-target';

const SIO = '/socket.io';

describe('upgradeTarget', () => {
  it.each([
    ['/ws/chat/ana?token=t', 'chat'],
    ['/ws/chat/ana/', 'chat'],
    ['/ws/chat/a%3Ab', 'chat'],
    ['/socket.io/?EIO=4&transport=websocket', 'socket.io'],
    ['/ws/chat/%ZZ', 'invalid'],
    ['/ws/chat/%E0%A4%A', 'invalid'],
    ['/ws/chat/%', 'invalid'],
    ['http://[x/ws/chat/a', 'invalid'],
    ['http://a b/ws/chat/a', 'invalid'],
    ['http://:99999/ws/chat/a', 'invalid'],
    ['/', 'unknown'],
    ['/ws/chat', 'unknown'],
    ['/ws/chat/a/b', 'unknown'],
    ['/socket.io', 'unknown'],
    ['/socket.iox/', 'unknown'],
    ['*', 'unknown'],
  ])('classifies %s as %s', (raw, kind) => {
    expect(upgradeTarget(raw, SIO).kind).toBe(kind);
  });

  it('decodes the user id of the chat path', () => {
    const t = upgradeTarget('/ws/chat/a%3Ab%20c?token=x', SIO);
    expect(t).toMatchObject({ kind: 'chat', pathUser: 'a:b c' });
  });

  it('never throws, whatever the target (thousands of generated targets)', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '/ws/chat/',
        '/socket.io/',
        'http://',
        '%',
        '%Z',
        '%E0',
        '[',
        ']',
        '?',
        '#',
        '/',
        ':',
        '@',
        '\\',
        '..',
      ),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const kind = upgradeTarget(parts.join(''), SIO).kind;
        expect(['socket.io', 'chat', 'invalid', 'unknown']).toContain(kind);
      }),
      { numRuns: 5000 },
    );
  });
});
