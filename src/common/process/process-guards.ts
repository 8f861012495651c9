/** What the guards need from `process` (a stand-in in unit tests). */
export interface GuardedProcess {
  on(event: 'uncaughtException', listener: (err: unknown, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  exit(code: number): never | void;
}

export interface GuardLogger {
  error(obj: Record<string, unknown>, msg: string): void;
  fatal(obj: Record<string, unknown>, msg: string): void;
}

/**
 * Error codes that belong to one client's connection or request: a peer resetting a socket, a
 * malformed frame or URL, a write after the peer left. Whatever threw them touched only that
 * connection, so the process can go on serving everyone else.
 */
const CONNECTION_FAULTS = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_INVALID_URL',
  'ERR_INVALID_CHAR',
  'ERR_HTTP_HEADERS_SENT',
  'ERR_HTTP_INVALID_HEADER_VALUE',
]);
/** `ws` reports every malformed frame with a `WS_ERR_*` code; llhttp parse errors are `HPE_*`. */
const CONNECTION_FAULT_PREFIXES = ['WS_ERR_', 'HPE_'];

export function isConnectionFault(err: unknown): boolean {
  if (err instanceof URIError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return CONNECTION_FAULTS.has(code) || CONNECTION_FAULT_PREFIXES.some((p) => code.startsWith(p));
}

function describe(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { err: String(err).slice(0, 200) };
  const code = (err as { code?: unknown }).code;
  return { err: { name: err.name, message: err.message, stack: err.stack, code } };
}

/**
 * The last line of defence behind the guarded transport code. A rejected promise that nobody
 * awaited, and an exception from one client's connection, are logged and the process keeps
 * serving. Any other uncaught exception is logged and ends the process: it was thrown out of
 * code whose state is unknown (a lock or an in-flight map half updated), and going on could
 * serve wrong answers for good. The supervisor (Docker, Kubernetes) restarts it, and the sweep
 * for interrupted answers marks what it was writing.
 */
export function installProcessGuards(proc: GuardedProcess, logger: GuardLogger): void {
  proc.on('unhandledRejection', (reason) => {
    logger.error(
      { ...describe(reason), kind: 'unhandledRejection' },
      'unhandled promise rejection',
    );
  });
  proc.on('uncaughtException', (err, origin) => {
    if (isConnectionFault(err)) {
      logger.error(
        { ...describe(err), kind: 'uncaughtException', origin },
        'uncaught exception from a client connection; still serving',
      );
      return;
    }
    logger.fatal(
      { ...describe(err), kind: 'uncaughtException', origin },
      'uncaught exception; exiting so the supervisor restarts a clean process',
    );
    proc.exit(1);
  });
}
