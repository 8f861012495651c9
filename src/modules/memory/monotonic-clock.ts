/**
 * Strictly increasing timestamps (millisecond resolution) so that messages written by this
 * process in sequence never tie when history is ordered by time.
 */
export class MonotonicClock {
  private last = 0;

  now(): Date {
    const t = Math.max(Date.now(), this.last + 1);
    this.last = t;
    return new Date(t);
  }
}
