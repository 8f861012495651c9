import { randomBytes } from 'node:crypto';
import { connect, Socket } from 'node:net';

export interface RawOutcome {
  /** Everything the server wrote back. */
  data: Buffer;
  /** The server closed the connection within the wait. */
  closed: boolean;
}

/**
 * Writes bytes on a fresh TCP connection and collects the answer until the server closes it
 * or `waitMs` passes (then the client closes it). Never rejects: errors count as closed.
 */
export function rawExchange(
  port: number,
  chunks: (Buffer | string)[],
  waitMs = 1000,
  opts: { reset?: boolean } = {},
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let closed = false;
    const s = connect(port, '127.0.0.1');
    const finish = () => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(parts), closed });
    };
    const timer = setTimeout(() => {
      s.destroy();
      finish();
    }, waitMs);
    s.on('data', (d: Buffer) => parts.push(d));
    s.on('error', () => undefined);
    s.on('close', () => {
      closed = true;
      finish();
    });
    s.on('connect', () => {
      for (const c of chunks) s.write(c);
      if (opts.reset) s.resetAndDestroy();
    });
  });
}

export function upgradeRequest(
  target: string,
  extraHeaders: string[] = [],
  { method = 'GET', key = randomBytes(16).toString('base64') } = {},
): string {
  return [
    `${method} ${target} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    'Sec-WebSocket-Version: 13',
    ...extraHeaders,
    '',
    '',
  ].join('\r\n');
}

/** One WebSocket frame as a client writes it (masked unless told otherwise). */
export function wsFrame(
  opcode: number,
  payload: Buffer,
  opts: { fin?: boolean; rsv?: number; mask?: boolean; declaredLength?: bigint } = {},
): Buffer {
  const { fin = true, rsv = 0, mask = true } = opts;
  const len = opts.declaredLength ?? BigInt(payload.length);
  const head: number[] = [(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)];
  const maskBit = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126n) head.push(maskBit | Number(len));
  else if (len < 65536n) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(len));
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(len);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]));
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

export const textFrame = (text: string | Buffer): Buffer =>
  wsFrame(1, typeof text === 'string' ? Buffer.from(text) : text);

/**
 * Opens a WebSocket by hand and resolves once the server answered the handshake (with any
 * status); the socket stays open for raw frames.
 */
export function rawWebSocket(
  port: number,
  target: string,
  headers: string[] = [],
): Promise<{ socket: Socket; status: number; received: () => Buffer; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    let answered = false;
    const closed = new Promise<void>((r) => s.once('close', () => r()));
    s.on('error', () => undefined);
    s.on('data', (d: Buffer) => {
      parts.push(d);
      if (answered) return;
      const text = Buffer.concat(parts).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      answered = true;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ socket: s, status, received: () => Buffer.concat(parts), closed });
    });
    s.on('close', () => {
      if (!answered) reject(new Error('closed before the handshake was answered'));
    });
    s.on('connect', () => s.write(upgradeRequest(target, headers)));
  });
}

/** Text payloads of the complete (unmasked, server-sent) frames in `buf`. */
export function serverTexts(buf: Buffer): string[] {
  const out: string[] = [];
  let i = 0;
  while (i + 2 <= buf.length) {
    const opcode = buf[i] & 0x0f;
    let len = buf[i + 1] & 0x7f;
    let off = i + 2;
    if (len === 126) {
      if (off + 2 > buf.length) break;
      len = buf.readUInt16BE(off);
      off += 2;
    } else if (len === 127) {
      if (off + 8 > buf.length) break;
      len = Number(buf.readBigUInt64BE(off));
      off += 8;
    }
    if (off + len > buf.length) break;
    if (opcode === 1) out.push(buf.subarray(off, off + len).toString('utf8'));
    i = off + len;
  }
  return out;
}

/**
 * A Socket.IO client of the `/chat` namespace written by hand over a raw WebSocket, for
 * payloads the real client cannot encode (it walks them recursively).
 */
export async function rawSocketIo(
  port: number,
  token: string,
): Promise<{ emit: (packet: string) => void; texts: () => string[]; close: () => void }> {
  const ws = await rawWebSocket(port, '/socket.io/?EIO=4&transport=websocket');
  const body = () => {
    const all = ws.received();
    return all.subarray(all.indexOf('\r\n\r\n') + 4);
  };
  const texts = () => serverTexts(body());
  const waitFor = async (pred: (t: string) => boolean) => {
    const t0 = Date.now();
    while (!texts().some(pred)) {
      if (Date.now() - t0 > 5000) throw new Error('no Socket.IO answer');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await waitFor((t) => t.startsWith('0'));
  ws.socket.write(textFrame(`40/chat,${JSON.stringify({ token })}`));
  await waitFor((t) => t.startsWith('40/chat,'));
  return {
    emit: (packet) => ws.socket.write(textFrame(packet)),
    texts,
    close: () => ws.socket.destroy(),
  };
}
