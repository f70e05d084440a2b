// A stopped Chromium (SIGSTOP, a swapping machine) went unnoticed: status said ready, calls hung to
// their deadlines, the watchdog terminated "hung" scripts (issue 27 item 6). A cheap browser-level
// call every PROBE_EVERY_MS with a PROBE_DEADLINE_MS deadline tells: a miss (and its immediate retry) moves the host to
// `unresponsive` (status says so, requests get 503 BROWSER_UNRESPONSIVE at once, actions in flight
// give up), an answer moves it back to `ready`. A plugin.
import { CdpTimeoutError } from '../cdp/errors.ts';
import type { BrowserHost } from './browserHost.ts';
import type { DaemonPlugin } from './plugins.ts';

export const PROBE_EVERY_MS = 2_000;
export const PROBE_DEADLINE_MS = 1_000;

export class Liveness {
  #timer: NodeJS.Timeout | undefined;
  #probing = false;
  /** A probe missed and its retry is out: the watchdog must not blame a page meanwhile. */
  suspected = false;
  /** When the first missed probe was sent (null while Chromium answers). */
  since: number | null = null;

  constructor(readonly host: BrowserHost) {}

  start(): void {
    this.#timer = setInterval(() => void this.probe(), PROBE_EVERY_MS);
    this.#timer.unref();
  }

  stop(): void { clearInterval(this.#timer); }

  async probe(): Promise<void> {
    const host = this.host;
    const browser = host.browser;
    if (this.#probing || !browser || (host.state !== 'ready' && host.state !== 'unresponsive')) return;
    this.#probing = true;
    const sentAt = Date.now();
    try {
      try {
        await browser.browserSession.send('Browser.getVersion', undefined, { timeoutMs: PROBE_DEADLINE_MS });
      } catch (err) {
        // One miss on a loaded machine is not a stall: ask once more at once (both must miss). The
        // watchdog holds off meanwhile (suspected).
        if (!(err instanceof CdpTimeoutError) || host.state !== 'ready') throw err;
        this.suspected = true;
        await browser.browserSession.send('Browser.getVersion', undefined, { timeoutMs: PROBE_DEADLINE_MS });
      }
      this.suspected = false;
      if (host.state === 'unresponsive' && host.browser === browser) {
        host.log.info(`chromium answers again after ${Date.now() - (this.since ?? sentAt)} ms`);
        host.state = 'ready';
        host.message = undefined;
        this.since = null;
      }
    } catch (err) {
      this.suspected = false;
      if (!(err instanceof CdpTimeoutError) || host.browser !== browser || host.state !== 'ready') return;
      this.since = sentAt;
      host.state = 'unresponsive';
      host.message = `Chromium has not answered a liveness probe since ${new Date(sentAt).toISOString()} (deadline ${PROBE_DEADLINE_MS} ms)`;
      host.stallSeq += 1;
      host.log.error(host.message);
      for (const listener of [...host.stallListeners]) listener();
    } finally {
      this.#probing = false;
    }
  }
}

const probes = new WeakMap<BrowserHost, Liveness>();
export const livenessOf = (host: BrowserHost): Liveness | undefined => probes.get(host);

export const livenessPlugin: DaemonPlugin = {
  name: 'liveness',
  start(deps) {
    const liveness = new Liveness(deps.host);
    probes.set(deps.host, liveness);
    deps.host.statusSources.set('liveness', () => ({ answering: liveness.since === null, ...(liveness.since !== null ? { unresponsive_since: liveness.since } : {}) }));
    liveness.start();
  },
  stop(deps) { probes.get(deps.host)?.stop(); },
};
