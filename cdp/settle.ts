// "The page has finished reacting to the input": see README "How an action settles" and the
// measurements there. The mark is taken before the input is sent (a click's request can arrive before
// the input's reply); every part has its own cap under one overall cap; hitting a cap is a value.
import { waitForPaint } from './frames.ts';
import type { NetworkMark } from './networkTracker.ts';
import type { PageTarget } from './pageTarget.ts';
import type { VirtualClock } from './virtualTime.ts';

export interface SettleOptions {
  /** Grace window after dispatch for script-started navigations and requests (ABP min_wait). */
  minWaitMs: number;
  /** How long to wait for the requests the action started (ABP tracking_timeout). */
  trackingTimeoutMs: number;
  /** Network-quiet window after the last request ended (ABP post_settle). */
  quietMs: number;
  /** Overall cap. */
  capMs: number;
  /** Virtual time the page may run after the input when execution control is on. */
  virtualBudgetMs: number;
  /** Also wait for requests that were already in flight before the action (wait_for_network). */
  allRequests?: boolean;
  /** Keep the page running at least this long (wait_for_network animation, wait {ms}). */
  minRunMs?: number;
}

export interface SettleMark { network: NetworkMark; navigationSeq: number; documentSeq: number; loadSeq: number; at: number }

export interface SettleReport {
  reason: 'quiet' | 'navigation_loaded' | 'dialog' | 'cap' | 'closed';
  waited_ms: number;
  pending_requests: number;
  /** URLs still in flight when request tracking gave up (for the request_tracking_timeout event). */
  unresolved: string[];
}

export function markBeforeInput(page: PageTarget): SettleMark {
  return { network: page.network.mark(), navigationSeq: page.navigationSeq, documentSeq: page.documentSeq,
    loadSeq: page.loadSeq, at: performance.now() };
}

const PUMP_INTERVAL_MS = 15;
const PAINT_CAP_MS = 500;
/** A page that keeps starting requests from timers (polling) gets this many budgets, then settles. */
const MAX_BUDGET_RUNS = 4;

export async function waitForSettle(page: PageTarget, clock: VirtualClock, mark: SettleMark,
  options: SettleOptions, signal?: AbortSignal): Promise<SettleReport> {
  const start = mark.at;
  const deadline = start + options.capMs;
  const elapsed = (): number => performance.now() - start;
  const report = (reason: SettleReport['reason'], unresolved: string[] = []): SettleReport => ({
    reason, waited_ms: Math.round(elapsed()), pending_requests: pending().length, unresolved,
  });
  const pending = () => options.allRequests ? page.network.allPending() : page.network.pendingSince(mark.network);
  const navigating = (): boolean => page.navigationSeq !== mark.navigationSeq || page.documentSeq !== mark.documentSeq;
  const stop = (): SettleReport['reason'] | null => {
    if (page.closedReason !== null) return 'closed';
    if (page.dialog) return 'dialog';
    if (signal?.aborted) return 'cap';
    return performance.now() >= deadline ? 'cap' : null;
  };

  // 1. Let the page run. With execution control, a budget of virtual time fast-forwards its short
  //    timers (a 300 ms setTimeout fires in a few ms of wall time). While a document loads, 1 ms
  //    nudges keep it going (measured: a paused page cannot load; a budget held by
  //    pauseIfNetworkFetchesPending deadlocked a load). In-page requests need no clock: their
  //    handlers run while paused. After any network activity another budget runs, so the timer
  //    between two chained requests fires too. The clock so advances by the same amount in every
  //    run of the same script, whatever the server's timing.
  let lastPump = performance.now();
  let navigated = false;
  const minRunUntil = start + (options.minRunMs ?? 0);
  const graceUntil = start + options.minWaitMs;
  let budgetRuns = 0;
  let activityAtLastBudget = -1;
  let trackingSince = performance.now();
  const gaveUpOn = new Set<string>();
  const unresolved: string[] = [];
  const activity = (): number => page.network.startedSince(mark.network) + page.navigationSeq + page.documentSeq;
  const followWallClock = async (ms: number): Promise<void> => {
    if (clock.enabled) { await clock.pump(performance.now() - lastPump); lastPump = performance.now(); }
    await sleep(ms, signal);
  };
  for (;;) {
    const stopped = stop();
    if (stopped) return finish(stopped);
    const now = performance.now();
    // A navigation that ended without a new document (a download, a 204) has no load to wait for.
    const abandoned = page.abandonedAtNavigationSeq === page.navigationSeq && page.documentSeq === mark.documentSeq;
    if (navigating() && !abandoned) navigated = true;
    if ((navigating() && !abandoned && (page.loading || page.loadSeq === mark.loadSeq)) || page.loading) {
      if (clock.enabled) await clock.nudge();
      await sleep(PUMP_INTERVAL_MS, signal);
      trackingSince = performance.now();
      continue;
    }
    const inflight = pending().filter((r) => !gaveUpOn.has(r.requestId));
    if (inflight.length > 0) {
      if (now - trackingSince > options.trackingTimeoutMs) {
        // Reported as request_tracking_timeout; the page is painted and captured as it is.
        for (const r of inflight) { gaveUpOn.add(r.requestId); unresolved.push(r.url); }
        continue;
      }
      // Response handlers run while virtual time is paused (measured), so an in-page request needs
      // no clock: not pumping here keeps the page's clock independent of server timing.
      await sleep(PUMP_INTERVAL_MS, signal);
      continue;
    }
    trackingSince = performance.now();
    const touchedNetwork = page.network.startedSince(mark.network) > 0 || navigated;
    const quietFor = now - page.network.lastActivityAt;
    if (touchedNetwork && quietFor < options.quietMs) {
      // Response handlers (json(), then render) still run after the request has finished.
      await sleep(Math.min(PUMP_INTERVAL_MS, options.quietMs - quietFor), signal);
      continue;
    }
    if (clock.enabled && options.virtualBudgetMs > 0 && budgetRuns < MAX_BUDGET_RUNS && activity() !== activityAtLastBudget) {
      activityAtLastBudget = activity();
      budgetRuns += 1;
      // Frames released for the input (see VirtualClock.releaseFrames) count towards the budget.
      const budget = Math.max(1, options.virtualBudgetMs - clock.takeReleased());
      await clock.run(budget, Math.max(1, Math.min(options.trackingTimeoutMs, deadline - now)), signal);
      lastPump = performance.now();
      continue;
    }
    if (now < minRunUntil) { await followWallClock(Math.min(PUMP_INTERVAL_MS, minRunUntil - now)); continue; }
    // Without execution control the grace window is what catches script-started navigations.
    if (!clock.enabled && now < graceUntil) { await sleep(Math.min(PUMP_INTERVAL_MS, graceUntil - now), signal); continue; }
    // 2. Paint: the after-frame must show the DOM as it is now. With virtual time on, frames only
    //    advance with it (see VirtualClock.flushFrames); without, two animation frames. A request
    //    or navigation that started meanwhile sends us round again.
    const seqBefore = page.network.startedSince(mark.network);
    const navBefore = page.navigationSeq;
    let paint: 'painted' | 'timeout' | 'context_gone' = 'painted';
    if (clock.enabled) await clock.flushFrames(Math.max(1, Math.min(PAINT_CAP_MS, deadline - performance.now())), signal);
    else paint = await waitForPaint(page.session, Math.min(PAINT_CAP_MS, Math.max(1, deadline - performance.now())));
    if (paint === 'context_gone' || page.navigationSeq !== navBefore || page.network.startedSince(mark.network) !== seqBefore) {
      lastPump = performance.now();
      continue;
    }
    return report(navigated ? 'navigation_loaded' : 'quiet', unresolved);
  }

  async function finish(reason: SettleReport['reason']): Promise<SettleReport> {
    // A dialog blocks the renderer and a closed page has no clock: only a cap leaves one to stop.
    if (clock.enabled && reason === 'cap') { await clock.pause(); await clock.flushFrames(); }
    return report(reason, unresolved);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void { signal?.removeEventListener('abort', done); clearTimeout(timer); resolve(); }
    signal?.addEventListener('abort', done, { once: true });
  });
}
