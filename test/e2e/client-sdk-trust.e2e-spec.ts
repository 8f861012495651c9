import { ChatClient, ChatError, RestClient } from '../../clients/js/src';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';

/** The SDK's feedback() over Socket.IO, and the REST helper's feedback and export. */
describe('client SDK: feedback and export', () => {
  let t: TestApp;
  let client: ChatClient;

  beforeAll(async () => {
    t = await bootApp(testConfig());
    client = new ChatClient({
      url: t.url,
      token: tokenFor('sofi'),
      socketOptions: { transports: ['websocket'] },
    });
    await client.connect();
  });
  afterAll(async () => {
    client.disconnect();
    await t.close();
  });

  it('rates an answer with feedback(), replaces the rating, and shows it in history', async () => {
    const reply = await client.sendMessage('¿Qué es un CEDEAR?');
    await expect(client.feedback(reply.message_id, 'down', { reason: 'confuso' })).resolves.toEqual(
      { message_id: reply.message_id, rating: 'down' },
    );
    await expect(client.feedback(reply.message_id, 'up', { tags: ['claro'] })).resolves.toEqual({
      message_id: reply.message_id,
      rating: 'up',
    });
    const history = await client.history();
    expect(history.find((m) => m.id === reply.message_id)?.feedback).toEqual({
      rating: 'up',
      tags: ['claro'],
    });
  });

  it('rejects with a typed not_found for anything but an answer of the user', async () => {
    const err = await client
      .feedback('00000000-0000-4000-8000-000000000000', 'up')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect((err as ChatError).code).toBe('not_found');
  });

  it('rates and exports over REST', async () => {
    const rest = new RestClient({ url: t.url, token: tokenFor('sofi') });
    const reply = await rest.sendMessage({ message: '¿Qué es el riesgo país?' });
    await expect(rest.feedback({ message_id: reply.message_id, rating: 'up' })).resolves.toEqual({
      message_id: reply.message_id,
      rating: 'up',
    });
    const data = await rest.exportData('sofi');
    const messages = data.conversations.flatMap((c) => c.messages);
    expect(messages.find((m) => m.id === reply.message_id)?.feedback).toEqual({ rating: 'up' });
  });
});
