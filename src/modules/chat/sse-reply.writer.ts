import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSession, Session } from 'better-sse';
import type { ErrorBody } from '../../common/errors/error-response';
import type { ChatReply, ReplyListener, ToolStatusEvent } from './chat-reply';

/**
 * Streams one exchange as Server-Sent Events: `chunk` events `{ delta }` (and `tool` events while
 * a tool runs), then `done` with the
 * ChatReply, or `error` `{ code, message }`. The stream opens only once the user message is
 * saved, so earlier failures are still plain JSON errors with their status code.
 */
export class SseReplyWriter implements ReplyListener {
  private session: Promise<Session> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {}

  get started(): boolean {
    return this.session !== null;
  }

  /** A repeat's reply is sent as the stream's only event (`done`). */
  onReplay(): void {
    this.onStart();
  }

  onStart(): void {
    this.session = createSession(this.req, this.res, {
      keepAlive: 15_000,
      retry: null,
      headers: { 'X-Accel-Buffering': 'no', 'Cache-Control': 'no-cache, no-transform' },
    });
    this.queue = this.session;
  }

  private push(event: string, data: unknown): void {
    const session = this.session;
    if (!session) return;
    this.queue = this.queue.then(async () => {
      const s = await session;
      if (s.isConnected) s.push(data, event);
    });
  }

  onDelta(delta: string): void {
    this.push('chunk', { delta });
  }

  onTool(event: ToolStatusEvent): void {
    this.push('tool', event);
  }

  async done(reply: ChatReply): Promise<void> {
    this.push('done', reply);
    await this.end();
  }

  async fail(err: ErrorBody): Promise<void> {
    this.push('error', { code: err.code, message: err.message });
    await this.end();
  }

  private async end(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.res.end();
  }
}
