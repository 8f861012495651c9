import { createInterface } from 'node:readline';
import type { NodeProcess } from './proc';

/**
 * A line protocol between the runner and a generator process: the runner writes one JSON
 * command per line to the child's stdin, the child answers with one `@@rpc {json}` line on
 * stdout. Every answer carries the generator's own CPU use over the command
 * (process.cpuUsage), so a run where the generator saturated its core can be discarded.
 */
const PREFIX = '@@rpc ';

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}

interface Response {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
  cpu: number;
}

export interface Measured<T> {
  result: T;
  /** Share of one core the generator used while running the command (1 = a whole core). */
  cpu: number;
}

export type Handler = (args: any) => Promise<unknown>;

/** Child side: serve commands until stdin closes. */
export function serve(handlers: Record<string, Handler>): void {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    let req: Request;
    try {
      req = JSON.parse(line) as Request;
    } catch {
      return;
    }
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const reply = (r: Omit<Response, 'cpu'>) => {
      const c = process.cpuUsage(c0);
      const wallUs = (performance.now() - t0) * 1000;
      const cpu = wallUs > 0 ? (c.user + c.system) / wallUs : 0;
      process.stdout.write(`${PREFIX}${JSON.stringify({ ...r, cpu })}\n`);
    };
    const handler = handlers[req.cmd];
    if (!handler) {
      reply({ id: req.id, ok: false, error: `unknown command ${req.cmd}` });
      return;
    }
    handler(req.args).then(
      (result) => reply({ id: req.id, ok: true, result }),
      (err: unknown) =>
        reply({
          id: req.id,
          ok: false,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
  });
  rl.on('close', () => process.exit(0));
}

/** Runner side: sends commands to a generator started with `stdin: true`. */
export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Response) => void }>();

  constructor(readonly proc: NodeProcess) {
    const rl = createInterface({ input: proc.child.stdout! });
    rl.on('line', (line) => {
      if (!line.startsWith(PREFIX)) return;
      const res = JSON.parse(line.slice(PREFIX.length)) as Response;
      this.pending.get(res.id)?.resolve(res);
      this.pending.delete(res.id);
    });
    void proc.exited.then((code) => {
      for (const [id, p] of this.pending) {
        p.resolve({ id, ok: false, error: `${proc.name} exited with ${String(code)}`, cpu: 0 });
      }
      this.pending.clear();
    });
  }

  async call<T>(cmd: string, args: unknown = {}): Promise<Measured<T>> {
    const id = this.nextId++;
    const res = await new Promise<Response>((resolve) => {
      this.pending.set(id, { resolve });
      this.proc.child.stdin!.write(`${JSON.stringify({ id, cmd, args })}\n`);
    });
    if (!res.ok) throw new Error(`${this.proc.name} ${cmd}: ${res.error ?? 'failed'}`);
    return { result: res.result as T, cpu: res.cpu };
  }

  async close(): Promise<void> {
    this.proc.child.stdin?.end();
    await Promise.race([this.proc.exited, new Promise((r) => setTimeout(r, 3000))]);
    await this.proc.stop();
  }
}
