import { endpointOf, throughPort } from './config';

describe('endpointOf', () => {
  it('reads the host and port the test settings point at', () => {
    expect(endpointOf('postgres://postgres@db.internal:15432/test')).toEqual({
      host: 'db.internal',
      port: 15432,
    });
    expect(endpointOf('redis://:pw@10.0.0.5:6380/2')).toEqual({ host: '10.0.0.5', port: 6380 });
    expect(endpointOf('redis://[::1]:6390/0')).toEqual({ host: '::1', port: 6390 });
  });

  it('falls back to the scheme’s default port', () => {
    expect(endpointOf('postgresql://postgres@127.0.0.1/test').port).toBe(5432);
    expect(endpointOf('redis://127.0.0.1/0').port).toBe(6379);
  });
});

describe('throughPort', () => {
  it('keeps credentials, database and options, and only moves the address', () => {
    expect(throughPort('redis://:secret@10.0.0.5:6380/3', 41000)).toBe(
      'redis://:secret@127.0.0.1:41000/3',
    );
    expect(throughPort('postgres://app:pw@db:5433/chat_x?sslmode=disable', 41001)).toBe(
      'postgres://app:pw@127.0.0.1:41001/chat_x?sslmode=disable',
    );
  });
});
