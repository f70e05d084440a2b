// Chromium killed, crashed or OOM-killed: BrowserHost has already set state "restarting" and failed
// what was in flight (503 via toApiErrorIn). Here: relaunch with backoff, a bounded number of times,
// reopen one tab, serve again — or give up with state "error" and a message saying what to do.
import type { BrowserHost } from './browserHost.ts';
import type { Logger } from './log.ts';
import type { DaemonPlugin } from './plugins.ts';

/** One entry per attempt: the wait before it. About 8 s in all before giving up. */
export const RESTART_DELAYS_MS = [300, 700, 1_500, 2_500, 3_000];
/** How long a killed Chromium may take to be reaped before the relaunch. */
const EXIT_WAIT_MS = 5_000;

type RestartListener = () => void | Promise<void>;

export class BrowserRecovery {
  readonly #host: BrowserHost;
  readonly #log: Logger;
  readonly #delaysMs: number[];
  readonly #listeners = new Set<RestartListener>();
  #running: Promise<void> | null = null;
  #stopped = false;
  readonly #stopping = new AbortController();
  restarts = 0;

  constructor(host: BrowserHost, log: Logger, delaysMs = RESTART_DELAYS_MS) {
    this.#host = host;
    this.#log = log;
    this.#delaysMs = delaysMs;
  }

  attach(): void {
    this.#host.onRestartNeeded = (reason) => {
      // A relaunch that fails can disconnect again while we are still trying: one recovery at a time.
      this.#running ??= this.#recover(reason).finally(() => { this.#running = null; });
    };
  }

  /** Features that set up per-browser state (download dirs, permissions) redo it here. */
  onRestarted(listener: RestartListener): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  /** No more relaunches; waits for one in progress so that BrowserHost.stop() closes what it started. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopping.abort();
    this.#host.onRestartNeeded = null;
    await this.#running;
  }

  async #recover(reason: string): Promise<void> {
    const host = this.#host;
    let lastError = reason;
    for (const [index, delayMs] of this.#delaysMs.entries()) {
      await sleep(delayMs, this.#stopping.signal);
      if (this.#stopped) return;
      await this.#discardBrowser();
      host.state = 'restarting';
      host.message = `Chromium went away (${reason}); restarting (attempt ${index + 1} of ${this.#delaysMs.length})`;
      this.#log.info(host.message);
      try {
        await host.start();
      } catch (err) {
        lastError = (err as Error).message;
        this.#log.error(`chromium restart attempt ${index + 1} failed: ${lastError}`);
        host.chrome?.kill();
        // BrowserHost.start() says "error" when it fails; until the last attempt that is premature.
        host.state = 'restarting';
        host.message = `Chromium went away (${reason}); restart attempt ${index + 1} failed (${lastError}), retrying`;
        continue;
      }
      if (this.#stopped) return; // the daemon is stopping: host.stop() closes the new browser
      this.restarts += 1;
      this.#log.info(`chromium restarted after: ${reason}`);
      for (const listener of this.#listeners) {
        try { await listener(); } catch (err) { this.#log.error(`after a restart: ${(err as Error).message}`); }
      }
      return;
    }
    host.state = 'error';
    host.message = `Chromium could not be restarted after ${this.#delaysMs.length} attempts (last error: ${lastError}). `
      + 'Check the daemon log, then restart abpd.';
    this.#log.error(host.message);
  }

  /** Forget the dead browser and its tabs; make sure every process of it is gone first. */
  async #discardBrowser(): Promise<void> {
    const host = this.#host;
    const chrome = host.chrome;
    if (chrome) {
      chrome.kill();
      // Its exit handler removes the pid file: let that happen before the new Chromium writes one.
      await Promise.race([chrome.exited, new Promise((resolve) => setTimeout(resolve, EXIT_WAIT_MS))]);
    }
    for (const tab of host.tabs.values()) tab.page.markClosed('the browser restarted');
    host.tabs.clear();
    host.activeTabId = null;
    host.browser = null;
    host.chrome = null;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); }
  });
}

const recoveries = new WeakMap<BrowserHost, BrowserRecovery>();

/** The recovery of a running daemon (tests, and features that need onRestarted). */
export function recoveryOf(host: BrowserHost): BrowserRecovery | undefined {
  return recoveries.get(host);
}

export const recoveryPlugin: DaemonPlugin = {
  name: 'browser-recovery',
  start({ host, log }) {
    const recovery = new BrowserRecovery(host, log);
    recovery.attach();
    recoveries.set(host, recovery);
  },
  async stop({ host }) {
    await recoveries.get(host)?.stop();
  },
};
