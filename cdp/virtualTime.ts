// Execution control over stock CDP: a tab's virtual time is paused between actions (timers,
// Date.now and performance.now stand still) and runs, budgeted and network-aware, during one.
// Measured on Chromium 156: `pause` stalls page loads and screenshots of a loading page,
// so while a document loads we "pump" small budgets that track the wall clock; otherwise we
// fast-forward a budget, which fires the page's short timers in a few ms of wall time.
import type { CdpSession } from './connection.ts';
import { CdpTimeoutError, ProtocolError } from './errors.ts';

/** Two frame intervals at 60 Hz. */
export const FRAME_FLUSH_MS = 34;
/** A loading document's clock advances this much per nudge (a microsecond: a load then takes no page time). */
export const NUDGE_MS = 0.001;
/** How long the clock runs free per wake, and how long a woken frame gets before we look again. */
const WAKE_WINDOW_MS = Number(process.env.ABPD_WAKE ?? 20);
const BUSY_WAIT = `(() => { let n = 0; for (let i = 0; i < ${WAKE_WINDOW_MS} * 200000; i++) n += i; return n > 0; })()`;
const WAKE_SETTLE_MS = 10;

export interface VirtualTimeState { enabled: boolean; paused: boolean; baseTicksMs: number }

/**
 * A JavaScript dialog blocks the renderer: a policy call sent before it opened is answered only
 * after it closes (measured: an alert() run by an inline script during a load held a nudge for
 * the 15 s deadline, issue 27 item 4). The clock stops waiting when one opens, and sends nothing
 * while one is open.
 */
export interface DialogWatch { isOpen(): boolean; onOpen(listener: () => void): () => void }

type PolicyParams = { policy: 'pause' | 'advance' | 'pauseIfNetworkFetchesPending'; budget?: number; initialVirtualTime?: number };

export class VirtualClock {
  enabled = false;
  paused = false;
  /** virtualTimeTicksBase of the last policy change (ms); the tab's virtual clock origin. */
  baseTicksMs = 0;
  /** Virtual ms granted since enabling: base + granted ≈ the page's clock. */
  grantedMs = 0;
  #ranSinceFlush = false;
  releasedMs = 0;
  /** How many times the clock was let run (a budget, a nudge, a frame release, a pump): when it has
   *  not moved, nothing timer- or frame-driven can have changed the page (virtualTimeTicksBase cannot
   *  tell: it is fixed when virtual time is first enabled). */
  runs = 0;

  constructor(readonly session: CdpSession, readonly dialogs?: DialogWatch) {}

  #dialogOpen(): boolean { return this.dialogs?.isOpen() ?? false; }

  /** setVirtualTimePolicy, or null when a dialog is open or opens before the answer (see DialogWatch). */
  async #policy(params: PolicyParams): Promise<{ virtualTimeTicksBase: number } | null> {
    if (!this.dialogs) return this.session.send('Emulation.setVirtualTimePolicy', params);
    if (this.#dialogOpen()) return null;
    const call = this.session.send('Emulation.setVirtualTimePolicy', params);
    let off = (): void => undefined;
    const opened = new Promise<null>((resolve) => { off = this.dialogs!.onOpen(() => resolve(null)); });
    try {
      return await Promise.race([call, opened]);
    } finally {
      off();
      call.catch(() => undefined); // answered (or timed out) after the dialog: nobody waits for it
    }
  }

  #unpaused(): void {
    this.paused = false;
    this.#ranSinceFlush = true;
    this.runs += 1;
  }

  state(): VirtualTimeState { return { enabled: this.enabled, paused: this.paused, baseTicksMs: this.baseTicksMs }; }

  /** Turns execution control on (paused). initialEpochSeconds sets the page's Date. */
  async enable(initialEpochSeconds?: number): Promise<void> {
    const initial = initialEpochSeconds ?? Date.now() / 1000;
    const r = await this.#policy({ policy: 'pause', initialVirtualTime: initial });
    if (!r && this.#dialogOpen()) throw new Error('a dialog is open: execution control starts with the next action');
    this.enabled = true;
    this.paused = true;
    this.grantedMs = 0;
    this.baseTicksMs = r?.virtualTimeTicksBase ?? this.baseTicksMs;
    this.#ranSinceFlush = true; // the page ran in real time until now
    await this.flushFrames();
  }

  async pause(): Promise<void> {
    if (!this.enabled) return;
    const r = await this.#policy({ policy: 'pause' });
    if (r) this.baseTicksMs = r.virtualTimeTicksBase;
    this.paused = true;
  }

  /**
   * Lets the page run `budgetMs` of virtual time and resolves when it is spent (the policy falls
   * back to pause by itself) or at the wall deadline. An expiry notice of an earlier grant can
   * still be in the pipe after we pause (seen under load), so the page's own clock decides: we
   * wait until performance.now() there has moved by the whole budget.
   */
  async run(budgetMs: number, wallCapMs: number, signal?: AbortSignal,
    policy: 'pauseIfNetworkFetchesPending' | 'advance' = 'advance'): Promise<{ expired: boolean }> {
    if (!this.enabled || budgetMs <= 0) return { expired: true };
    const deadline = performance.now() + wallCapMs;
    await this.pause();
    const startedAt = await this.#pageClock();
    this.#unpaused();
    let expiries = 0;
    const off = this.session.on('Emulation.virtualTimeBudgetExpired', () => { expiries += 1; });
    try {
      await this.#policy({ policy, budget: budgetMs });
      let seen = 0;
      while (performance.now() < deadline && !signal?.aborted && !this.#dialogOpen()) {
        if (expiries > seen) {
          seen = expiries;
          const now = await this.#pageClock();
          // performance.now() is coarsened to 0.1 ms in pages: allow for that. Another time origin is a
          // new document (the budget let a navigation commit): its clock restarted, so the expiry is
          // taken as it comes instead of waiting out the wall cap.
          if (startedAt === null || now === null || now.origin !== startedAt.origin || now.ms >= startedAt.ms + budgetMs - 0.5) {
            this.grantedMs += budgetMs;
            this.paused = true;
            return { expired: true };
          }
        }
        await new Promise((r) => setTimeout(r, expiries > seen ? 0 : 2));
      }
      await this.pause();
      return { expired: false };
    } finally {
      off();
    }
  }

  /** The page's performance.now() (virtual), or null when it cannot be read (busy, navigating). */
  async #pageNow(): Promise<number | null> {
    return (await this.#pageClock())?.ms ?? null;
  }

  /** performance.now() with the document's time origin (which tells one document from the next). */
  async #pageClock(): Promise<{ origin: number; ms: number } | null> {
    if (this.#dialogOpen()) return null; // the page cannot answer until the dialog is closed
    try {
      const r = await this.session.send('Runtime.evaluate', { expression: '[performance.timeOrigin, performance.now()]', returnByValue: true }, { timeoutMs: 1_000 });
      const [origin, ms] = Array.isArray(r.result.value) ? r.result.value as unknown[] : [];
      return typeof origin === 'number' && typeof ms === 'number' ? { origin, ms } : null;
    } catch (err) {
      if (err instanceof CdpTimeoutError || err instanceof ProtocolError) return null;
      throw err;
    }
  }

  /**
   * Lets the compositor finish the frames it has started. Measured on Chromium 156: with virtual
   * time paused, BeginFrames stop, so a frame requested before the pause (a rAF, a DOM change)
   * never completes and Page.captureScreenshot hangs; two frame intervals of virtual time after
   * pausing paint the current DOM and leave nothing pending. Deterministic: always FRAME_FLUSH_MS.
   */
  async flushFrames(wallCapMs = 2_000, signal?: AbortSignal): Promise<void> {
    // Changes made while paused are painted by the capture itself (measured): only a clock that ran
    // since the last flush can have left a frame half-done. Skipping keeps execute/text clock-neutral.
    if (!this.enabled || !this.#ranSinceFlush) return;
    await this.run(FRAME_FLUSH_MS, wallCapMs, signal, 'advance');
    this.#ranSinceFlush = false;
  }

  /**
   * The smallest grant that keeps a loading document going. Measured: a navigation under a paused
   * clock stalls, but one or a few 1 ms grants while it loads are enough; the page's clock then
   * barely moves during a load (so timer phases do not depend on how long the server took).
   */
  async nudge(): Promise<void> {
    if (!this.enabled) return;
    this.#unpaused();
    await this.#policy({ policy: 'advance', budget: NUDGE_MS });
    this.grantedMs += NUDGE_MS;
  }

  /**
   * For a capture or an input reply that waits for a main frame on a paused page. Measured on
   * Chromium 156: while virtual time is paused no main frame runs, and a page left idle for a few
   * seconds stops getting frames altogether; a budget does not help (an idle page spends it in one
   * jump and is paused again before any frame), only a clock that is not paused does. So the
   * clock is unpaused for WAKE_WINDOW_MS at a time until the frame came. The cost, stated plainly:
   * on an idle page the clock fast-forwards during those windows to the page's next timer
   * (measured: 30 s on a page with none); a page with animations or timers never needs this.
   */
  async releaseFrames(wallMs = 100, stillWaiting: () => boolean = () => true): Promise<void> {
    if (!this.enabled) return;
    const start = performance.now();
    const before = await this.#pageNow();
    while (performance.now() - start < wallMs && stillWaiting() && !this.#dialogOpen()) {
      this.#unpaused();
      // Pipelined: unpause, keep the main thread busy (an idle page would fast-forward to its next
      // timer; a busy one cannot), pause. The frame that the unpaused clock lets start runs next.
      const unpause = this.#policy({ policy: 'advance' });
      const busy = this.session.send('Runtime.evaluate', { expression: BUSY_WAIT, returnByValue: true }, { timeoutMs: 1_000 });
      const pause = this.#policy({ policy: 'pause' });
      await Promise.allSettled([unpause, busy]);
      const paused = await pause;
      if (paused) this.baseTicksMs = paused.virtualTimeTicksBase;
      this.paused = true;
      await new Promise((r) => setTimeout(r, WAKE_SETTLE_MS));
    }
    await this.flushFrames();
    const after = await this.#pageNow();
    const moved = before !== null && after !== null ? Math.max(0, after - before) : 0;
    this.grantedMs += moved;
    this.releasedMs += moved;
  }

  /**
   * Virtual time granted by releaseFrames since the last call: settle takes it out of the action's
   * budget, so an action's clock advance does not depend on how many frames its input waited for.
   */
  takeReleased(): number {
    const released = this.releasedMs;
    this.releasedMs = 0;
    return released;
  }

  /** Grants virtual time equal to wall time elapsed since the last grant (≈ real time), without waiting. */
  async pump(elapsedMs: number): Promise<void> {
    if (!this.enabled) return;
    const budget = Math.max(1, Math.round(elapsedMs));
    this.#unpaused();
    await this.#policy({ policy: 'advance', budget });
    this.grantedMs += budget;
  }
}
