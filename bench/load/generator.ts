/**
 * The load generator process: the runner starts it pinned to the other core and sends it
 * commands (see lib/rpc.ts). One process can run HTTP (autocannon, open loop, SSE) and
 * Socket.IO load; each answer carries its CPU use so saturated runs can be discarded.
 *
 * Run by bench/run.ts: node dist-bench/bench/load/generator.js
 */
import { serve } from '../lib/rpc';
import { httpClosed } from './http-closed';
import { httpOpen } from './http-open';
import { ioConnect, ioDisconnect, ioRate, ioStreams } from './sockets';
import { sseStreams } from './streams';

serve({
  httpClosed,
  httpOpen,
  sseStreams,
  ioConnect,
  ioDisconnect: () => ioDisconnect(),
  ioStreams,
  ioRate,
  ping: () => Promise.resolve('pong'),
});
