import { Agent, request } from 'undici';

/** What the openai SDK reads from a response: url, status, ok, headers, the body, json, text. */
class StreamedResponse {
  readonly ok: boolean;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    readonly body: Awaited<ReturnType<typeof request>>['body'],
  ) {
    this.ok = status >= 200 && status < 300;
  }

  json(): Promise<unknown> {
    return this.body.json();
  }

  text(): Promise<string> {
    return this.body.text();
  }
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

function requestHeaders(init: ConstructorParameters<typeof Headers>[0]): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, name) => (out[name] = value));
  return out;
}

type BodyInit = Parameters<typeof request>[1] extends infer O
  ? O extends { body?: infer B }
    ? B
    : never
  : never;

/**
 * A `fetch` for the openai SDK on undici's `request` over a keep-alive agent: the same HTTP
 * client as Node's fetch without the WHATWG stream layers, which cost the most CPU per streamed
 * answer. The SDK consumes the body as an async iterable, so a Node stream suits it as is.
 * Only what the SDK sends is supported: string or byte bodies, and an `AbortSignal`.
 */
export function createUndiciFetch(agent: Agent): typeof fetch {
  const undiciFetch = async (
    input: string | URL | Request,
    init: RequestInit = {},
  ): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const res = await request(url, {
      method: (init.method ?? 'GET') as 'GET',
      headers: requestHeaders(init.headers),
      body: (init.body ?? undefined) as BodyInit,
      signal: init.signal ?? undefined,
      dispatcher: agent,
    });
    return new StreamedResponse(
      url,
      res.statusCode,
      headersOf(res.headers),
      res.body,
    ) as unknown as Response;
  };
  return undiciFetch;
}

/** Keep-alive connections to the LLM server, reused across answers. */
export function createLlmAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 });
}
