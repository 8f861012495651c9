import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { responseSink } from './export.controller';

/** A response whose buffer is always full: every write waits for `drain`. */
class SlowResponse extends EventEmitter {
  destroyed = false;
  writableEnded = false;
  written: string[] = [];
  write(piece: string): boolean {
    this.written.push(piece);
    setImmediate(() => this.emit('drain'));
    return false;
  }
}

describe('the export’s response sink', () => {
  it('waits for each drain and leaves no listener behind on the response', async () => {
    const res = new SlowResponse();
    const sink = responseSink(res as unknown as Response);
    for (let i = 0; i < 50; i++) await sink.write(`piece ${i}`);
    expect(res.written).toHaveLength(50);
    expect(res.listenerCount('drain')).toBe(0);
    expect(res.listenerCount('close')).toBe(0);
    expect(res.listenerCount('error')).toBe(0);
  });

  it('stops waiting when the client goes away', async () => {
    const res = new SlowResponse();
    res.write = (piece: string) => {
      res.written.push(piece);
      setImmediate(() => res.emit('close'));
      return false;
    };
    const sink = responseSink(res as unknown as Response);
    await sink.write('uno');
    expect(res.listenerCount('drain')).toBe(0);
  });
});
