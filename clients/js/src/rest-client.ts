import { ChatError, type ChatErrorCode } from './errors';
import type {
  ChatReply,
  DeleteHistoryResponse,
  ExportResponse,
  FeedbackRequest,
  FeedbackResponse,
  HistoryResponse,
  SendMessageRequest,
  Sentiment,
  Summary,
  UsageResponse,
} from './types';

/** A token, or a function called before every request (and every socket handshake). */
export type TokenSource = string | (() => string | Promise<string>);

export interface RestClientOptions {
  /** The service's base URL, e.g. `https://chat.example.com` (the API lives under `/api`). */
  url: string;
  token: TokenSource;
  /** Defaults to the global `fetch` (browsers, React Native, Node 18+). */
  fetch?: typeof fetch;
}

const CODE_BY_STATUS: Record<number, ChatErrorCode> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'busy',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'assistant_unavailable',
};

const KNOWN_CODES = new Set<string>(
  Object.values(CODE_BY_STATUS).concat(['storage_unavailable', 'internal_error', 'quota_exceeded']),
);

/** Tokens left today, or null when the service sets no daily limit. */
export function remainingTokens(usage: UsageResponse): number | null {
  return usage.tokens_limit === null ? null : Math.max(0, usage.tokens_limit - usage.tokens_used);
}

export async function resolveToken(token: TokenSource): Promise<string> {
  return typeof token === 'function' ? await token() : token;
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
function retryAfterOf(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** The service's REST API over `fetch`: history, summary, sentiment and one-shot messages. */
export class RestClient {
  private readonly base: string;

  constructor(private readonly opts: RestClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
  }

  /** The newest `limit` messages (oldest first), of one conversation or of all. */
  history(
    userId: string,
    opts: { limit?: number; conversationId?: string } = {},
  ): Promise<HistoryResponse> {
    const q = new URLSearchParams();
    if (opts.limit !== undefined) q.set('limit', String(opts.limit));
    if (opts.conversationId) q.set('conversation_id', opts.conversationId);
    const qs = q.toString();
    return this.request('GET', `/chat/history/${encodeURIComponent(userId)}${qs ? `?${qs}` : ''}`);
  }

  deleteHistory(userId: string, conversationId?: string): Promise<DeleteHistoryResponse> {
    const qs = conversationId ? `?conversation_id=${encodeURIComponent(conversationId)}` : '';
    return this.request('DELETE', `/chat/history/${encodeURIComponent(userId)}${qs}`);
  }

  /** Rates an answer; a new rating replaces the previous one. */
  feedback(body: FeedbackRequest): Promise<FeedbackResponse> {
    return this.request('POST', '/chat/feedback', body);
  }

  /** Everything the user has (conversations and messages, oldest first). */
  exportData(userId: string): Promise<ExportResponse> {
    return this.request('GET', `/chat/export/${encodeURIComponent(userId)}`);
  }

  /** Today's token use and the daily limit: `remainingTokens(usage)` gives what is left. */
  usage(userId: string): Promise<UsageResponse> {
    return this.request('GET', `/chat/usage/${encodeURIComponent(userId)}`);
  }

  summary(userId: string): Promise<Summary> {
    return this.request('GET', `/chat/summary/${encodeURIComponent(userId)}`);
  }

  analyzeSentiment(text: string): Promise<Sentiment> {
    return this.request('POST', '/chat/analyze-sentiment', { text });
  }

  /** One whole answer in a single response (no streaming; use `ChatClient` for that). */
  sendMessage(body: SendMessageRequest, signal?: AbortSignal): Promise<ChatReply> {
    return this.request('POST', '/chat/message', body, signal);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const token = await resolveToken(this.opts.token);
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // Called unbound: browsers throw "Illegal invocation" on a detached `window.fetch`.
    const doFetch = this.opts.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(`${this.base}/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new ChatError('disconnected', `Network error: ${message}`);
    }
    if (res.ok) return (await res.json()) as T;
    throw await this.errorOf(res);
  }

  private async errorOf(res: Response): Promise<ChatError> {
    let code: ChatErrorCode = CODE_BY_STATUS[res.status] ?? 'internal_error';
    let message = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { code?: unknown; message?: unknown };
      if (typeof body.code === 'string' && KNOWN_CODES.has(body.code)) {
        code = body.code as ChatErrorCode;
      }
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // Not JSON (a proxy's error page): the status decides.
    }
    const retryAfter =
      res.status === 429 ? retryAfterOf(res.headers.get('retry-after')) : undefined;
    return new ChatError(code, message, retryAfter, res.status);
  }
}
