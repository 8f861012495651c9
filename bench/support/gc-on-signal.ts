/**
 * Preloaded (`node --expose-gc -r dist-bench/bench/support/gc-on-signal.js …`) into the
 * processes whose memory the benchmark compares: SIGUSR2 runs a full GC, so heap figures read
 * right after it count live objects, not garbage that happens not to be collected yet.
 */
process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
});
