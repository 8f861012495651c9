/** A text transform applied to a stream of deltas; `flush` releases what it held back. */
export interface StreamTransform {
  push(delta: string): string;
  flush(): string;
}

/**
 * Holds back the tail of the buffer that may be an unfinished construct (decided by `holdFrom`)
 * and applies `apply` to the rest, so constructs split across deltas are still recognised.
 */
export class HoldingTransform implements StreamTransform {
  private buf = '';

  constructor(
    private readonly apply: (text: string) => string,
    private readonly holdFrom: (buf: string) => number,
  ) {}

  push(delta: string): string {
    this.buf += delta;
    const hold = this.holdFrom(this.buf);
    const ready = this.buf.slice(0, hold);
    this.buf = this.buf.slice(hold);
    return ready === '' ? '' : this.apply(ready);
  }

  flush(): string {
    const rest = this.buf;
    this.buf = '';
    return rest === '' ? '' : this.apply(rest);
  }
}

/** Runs transforms in order. */
export function chain(...transforms: StreamTransform[]): StreamTransform {
  return {
    push: (delta) => transforms.reduce((text, t) => (text === '' ? '' : t.push(text)), delta),
    flush: () => {
      let out = '';
      for (let i = 0; i < transforms.length; i++) {
        let text = transforms[i].flush();
        for (let j = i + 1; j < transforms.length && text !== ''; j++)
          text = transforms[j].push(text);
        out += text;
      }
      return out;
    },
  };
}
