/**
 * Calls `onExpire` for each item once its expiry second has passed: one shared one-second timer
 * and a set per second instead of a timer per connection (tokens expire on whole seconds).
 */
export class ExpiryWheel<T> {
  private readonly buckets = new Map<number, Set<T>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly onExpire: (item: T) => void,
    private readonly nowMs: () => number = Date.now,
    private readonly tickMs = 1000,
  ) {}

  get size(): number {
    let n = 0;
    for (const set of this.buckets.values()) n += set.size;
    return n;
  }

  add(item: T, expiresAtS: number): void {
    let set = this.buckets.get(expiresAtS);
    if (!set) this.buckets.set(expiresAtS, (set = new Set()));
    set.add(item);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.tickMs);
      this.timer.unref();
    }
  }

  remove(item: T, expiresAtS: number): void {
    const set = this.buckets.get(expiresAtS);
    if (!set) return;
    set.delete(item);
    if (set.size === 0) this.buckets.delete(expiresAtS);
  }

  /** Expires what is due now; runs on the timer. */
  tick(): void {
    const now = this.nowMs() / 1000;
    for (const [second, set] of this.buckets) {
      if (second > now) continue;
      this.buckets.delete(second);
      for (const item of set) this.onExpire(item);
    }
    if (this.buckets.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
