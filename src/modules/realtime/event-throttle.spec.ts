import fc from 'fast-check';
import { EventThrottle } from './event-throttle';

describe('EventThrottle', () => {
  it('lets a burst through, then one event per interval', () => {
    let now = 0;
    const t = new EventThrottle({ burst: 3, everyMs: 1000 }, () => now);
    expect([t.allow(), t.allow(), t.allow(), t.allow()]).toEqual([true, true, true, false]);
    now = 999;
    expect(t.allow()).toBe(false);
    now = 1000;
    expect(t.allow()).toBe(true);
    expect(t.allow()).toBe(false);
  });

  it('never lets more than burst + elapsed/interval events through (generated schedules)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(500), { maxLength: 300 }), (gaps) => {
        let now = 0;
        const t = new EventThrottle({ burst: 5, everyMs: 1000 }, () => now);
        let allowed = 0;
        for (const g of gaps) {
          now += g;
          if (t.allow()) allowed++;
        }
        expect(allowed).toBeLessThanOrEqual(5 + Math.floor(now / 1000));
      }),
      { numRuns: 2000 },
    );
  });
});
