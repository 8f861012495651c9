/**
 * The Socket.IO reference for memory per idle connection: a plain Socket.IO server with no app
 * around it — the same socket.io version and the same server options as the app's ChatIoAdapter
 * (passed in by the runner from the app's own constants), namespace `/chat`, the default
 * in-memory adapter, and no authentication (clients send the same token, which it ignores), rooms
 * or per-socket state of its own.
 *
 * `GET /memory` answers process.memoryUsage() (after a full GC with `?gc=1` under --expose-gc).
 * Env: PORT, SOCKET_MAX_PAYLOAD_BYTES, RECOVERY_WINDOW_MS. Prints `LISTENING <port>`.
 *
 * Run: node --expose-gc dist-bench/bench/plain-socketio.js
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

function main(): void {
  const http = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/memory')) {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (req.url.includes('gc=1') && gc) {
        gc();
        gc();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...process.memoryUsage(), sockets: io.of('/chat').sockets.size }));
      return;
    }
    if (req.url === '/health') {
      res.writeHead(200).end('ok');
      return;
    }
    // Socket.IO answers its own path; anything else is not ours.
    if (!req.url?.startsWith('/socket.io')) res.writeHead(404).end();
  });
  const io = new Server(http, {
    cors: { origin: true, credentials: false },
    maxHttpBufferSize: Number(process.env.SOCKET_MAX_PAYLOAD_BYTES ?? 100_000),
    connectionStateRecovery: {
      maxDisconnectionDuration: Number(process.env.RECOVERY_WINDOW_MS ?? 120_000),
      skipMiddlewares: false,
    },
    destroyUpgrade: false,
    allowRequest: (_req, callback) => callback(null, true),
  });
  io.of('/chat').on('connection', (socket) => {
    socket.emit('connection_established', { session_id: socket.id });
  });
  http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    process.stdout.write(`LISTENING ${(http.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
}

main();
