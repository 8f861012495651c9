import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A stand-in for the app's main backend: serves user profiles and a market snapshot. */
export class FakeBackend {
  profiles = new Map<string, unknown>();
  market: unknown = null;
  /** Delay every answer by this many milliseconds. */
  delayMs = 0;
  failWith: number | null = null;
  readonly requests: { url: string; authorization?: string }[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res) => {
      this.requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
      setTimeout(() => {
        if (res.destroyed) return;
        res.setHeader('content-type', 'application/json');
        if (this.failWith) {
          res.statusCode = this.failWith;
          res.end('{"error":"boom"}');
          return;
        }
        const m = /^\/api\/users\/([^/]+)\/profile$/.exec(req.url ?? '');
        if (m && this.profiles.has(decodeURIComponent(m[1]))) {
          res.end(JSON.stringify(this.profiles.get(decodeURIComponent(m[1]))));
          return;
        }
        if (req.url === '/api/market/snapshot' && this.market) {
          res.end(JSON.stringify(this.market));
          return;
        }
        res.statusCode = 404;
        res.end('{"error":"not found"}');
      }, this.delayMs);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
