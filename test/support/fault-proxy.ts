import { createConnection, createServer, Server, Socket } from 'node:net';

export type FaultMode = 'pass' | 'refuse' | 'hang' | 'latency';

/**
 * A TCP proxy for injecting faults between the app and a dependency (PostgreSQL, Redis, the
 * LLM, the main backend): pass traffic through, refuse connections, accept them and never
 * answer, add latency, or cut every open connection at once.
 */
export class FaultProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  mode: FaultMode = 'pass';
  latencyMs = 0;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Switches the mode; `cut` also drops every connection already open. */
  set(mode: FaultMode, opts: { cut?: boolean; latencyMs?: number } = {}): void {
    this.mode = mode;
    this.latencyMs = opts.latencyMs ?? 0;
    if (opts.cut) this.cutAll();
  }

  cutAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => s.destroy());
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'refuse') {
      client.destroy();
      return;
    }
    if (this.mode === 'hang') return; // accepted, never answered
    const upstream = createConnection(this.targetPort, this.targetHost);
    this.track(upstream);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (this.mode === 'hang') return;
        if (this.mode === 'latency' && this.latencyMs > 0)
          setTimeout(() => to.write(chunk), this.latencyMs);
        else to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}
