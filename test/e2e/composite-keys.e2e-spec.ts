import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';

/**
 * Keys built from user input (token subject, client_message_id) must not collide when a part
 * contains the separator: user `ana` with id `x:1` and user `ana:x` with id `1` once shared the
 * recent-replies entry `ana:x:1`, so the second user received the first user's answer.
 */
describe('keys built from user ids and client message ids containing ":"', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp(testConfig());
  });
  afterAll(() => t.close());

  const send = (sub: string, clientMessageId: string, message: string) =>
    request(t.url)
      .post('/api/chat/message')
      .set({ Authorization: `Bearer ${tokenFor(sub)}` })
      .send({ message, client_message_id: clientMessageId })
      .expect(200);

  // Each pair joins to the same `${user}:${id}` string.
  const pairs: [string, string, string, string][] = [
    ['ana', 'x:1', 'ana:x', '1'],
    ['c:c', 'c:c', 'c', 'c:c:c'],
    ['u', 'a:b:c:d', 'u:a:b', 'c:d'],
    ['10', '2:3', '10:2', '3'],
  ];

  it.each(pairs)(
    'user %s with id %s and user %s with id %s each get their own answer',
    async (userA, idA, userB, idB) => {
      const first = await send(userA, idA, '¿Qué es un CEDEAR?');
      const second = await send(userB, idB, '¿Qué es el MERVAL?');
      expect(second.body.message_id).not.toBe(first.body.message_id);
      expect(second.body.conversation_id).not.toBe(first.body.conversation_id);

      const history = await request(t.url)
        .get(`/api/chat/history/${encodeURIComponent(userB)}`)
        .set({ Authorization: `Bearer ${tokenFor(userB)}` })
        .expect(200);
      expect(history.body.messages.map((m: { content: string }) => m.content)).toContain(
        '¿Qué es el MERVAL?',
      );
    },
  );
});
