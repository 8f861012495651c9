/**
 * Fires `total` requests evenly spaced `intervalMs` apart from `start` (an open loop: a slow
 * answer never delays the next request), then calls `done`.
 */
export function runOpenLoop(
  total: number,
  intervalMs: number,
  start: number,
  fire: (dueAt: number) => void,
  done: () => void,
): void {
  let i = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    while (i < total && start + i * intervalMs <= now) {
      fire(start + i * intervalMs);
      i++;
    }
    if (i >= total) {
      clearInterval(timer);
      done();
    }
  }, 1);
}
