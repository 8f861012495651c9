import { redactUrl } from './redact';

describe('redactUrl', () => {
  it('hides a token in the query string', () => {
    expect(redactUrl('/ws/chat/u1?token=eyJabc.def.ghi&x=1')).toBe(
      '/ws/chat/u1?token=[REDACTED]&x=1',
    );
    expect(redactUrl('/socket.io/?EIO=4&transport=polling&token=eyJ')).toBe(
      '/socket.io/?EIO=4&transport=polling&token=[REDACTED]',
    );
  });
  it('leaves other URLs alone', () => {
    expect(redactUrl('/api/chat/history/u1?limit=5')).toBe('/api/chat/history/u1?limit=5');
  });
});
