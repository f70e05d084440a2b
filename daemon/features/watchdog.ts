// A page whose main thread hangs (while (true) {}) would hold its tab's action until the deadline
// and every later one too. While an action runs, each tab's main thread is probed; one that has not
// answered for UNRESPONSIVE_MS gets its script terminated (the page stays usable) and the action
// carries a script_terminated event. Other tabs and /browser/status never wait on it.
import { bestEffort } from '../../cdp/bestEffort.ts';
import { mainThreadAnswers, terminateScript } from '../../cdp/watchdog.ts';
import type { BrowserHost } from '../browserHost.ts';
import { livenessOf } from '../liveness.ts';
import type { Tab } from '../tab.ts';

const CHECK_EVERY_MS = 500;
/** Longer than any sane synchronous task; short enough that the action still returns well in time. */
export const UNRESPONSIVE_MS = 4_000;

export class Watchdog {
  #timer: NodeJS.Timeout | undefined;
  #probing = new WeakSet<Tab>();

  constructor(readonly host: BrowserHost) {}

  start(): void {
    this.#timer = setInterval(() => this.#check(), CHECK_EVERY_MS);
    this.#timer.unref();
  }

  stop(): void { clearInterval(this.#timer); }

  #check(): void {
    if (this.host.state !== 'ready') return;
    for (const tab of this.host.tabs.values()) {
      // A dialog blocks the renderer legitimately; between actions a paused page runs nothing; a
      // crashed renderer answers nothing and has nothing to terminate.
      if (!tab.queue.busy || tab.closed || tab.page.dialog || tab.page.crashed || this.#probing.has(tab)) continue;
      this.#probing.add(tab);
      void this.#probe(tab).finally(() => this.#probing.delete(tab));
    }
  }

  async #probe(tab: Tab): Promise<void> {
    const stalls = this.host.stallSeq;
    if (await mainThreadAnswers(tab.page.session, UNRESPONSIVE_MS)) return;
    if (tab.closed || tab.page.dialog || tab.page.crashed) return; // a crashed renderer has no script to stop
    // The whole browser stalled (SIGSTOP, swapping), not this page: its script is not to blame.
    if (this.host.state !== 'ready' || this.host.stallSeq !== stalls || livenessOf(this.host)?.suspected) return;
    tab.log(`tab ${tab.id}: main thread unresponsive for ${UNRESPONSIVE_MS} ms; terminating its script`);
    bestEffort(terminateScript(tab.page.session), 'the page may have recovered or closed meanwhile', tab.log);
    tab.pushEvent('script_terminated', { tab_id: tab.id, reason: 'unresponsive', unresponsive_ms: UNRESPONSIVE_MS });
  }
}
