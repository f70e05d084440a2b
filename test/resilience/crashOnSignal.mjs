// Preload for the lifecycle test: SIGUSR2 makes the daemon die of an uncaught exception, the way a
// bug would, so the test can check that no Chromium outlives it.
process.on('SIGUSR2', () => {
  setImmediate(() => { throw new Error('simulated uncaught crash (test/resilience/crashOnSignal.mjs)'); });
});
