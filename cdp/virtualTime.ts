// Execution control over stock CDP: a tab's virtual time is paused between actions (timers,
// Date.now and performance.now stand still) and runs, budgeted and network-aware, during one.
// Measured (shared/spec/measured.md §6): `pause` stalls page loads and screenshots of a loading page,
// so while a document loads we "pump" small budgets that track the wall clock; otherwise we
// fast-forward a budget, which fires the page's short timers in a few ms of wall time.
import type { CdpSession } from './connection.ts';
import { CdpTimeoutError } from './errors.ts';

/** Two frame intervals at 60 Hz. */
export const FRAME_FLUSH_MS = 34;

export interface VirtualTimeState { enabled: boolean; paused: boolean; baseTicksMs: number }

export class VirtualClock {
  enabled = false;
  paused = false;
  /** virtualTimeTicksBase of the last policy change (ms); the tab's virtual clock origin. */
  baseTicksMs = 0;
  /** Virtual ms granted since enabling: base + granted ≈ the page's clock. */
  grantedMs = 0;
  #initialEpochMs = 0;

  constructor(readonly session: CdpSession) {}

  state(): VirtualTimeState { return { enabled: this.enabled, paused: this.paused, baseTicksMs: this.baseTicksMs }; }

  /** The page's clock in epoch ms (what Date.now() returns there), or wall time when disabled. */
  nowMs(): number {
    return this.enabled ? Math.round(this.#initialEpochMs + this.grantedMs) : Date.now();
  }

  /** Turns execution control on (paused). initialEpochSeconds sets the page's Date. */
  async enable(initialEpochSeconds?: number): Promise<void> {
    const initial = initialEpochSeconds ?? Date.now() / 1000;
    const r = await this.session.send('Emulation.setVirtualTimePolicy', { policy: 'pause', initialVirtualTime: initial });
    this.enabled = true;
    this.paused = true;
    this.grantedMs = 0;
    this.#initialEpochMs = initial * 1000;
    this.baseTicksMs = r.virtualTimeTicksBase;
    await this.flushFrames();
  }

  async pause(): Promise<void> {
    if (!this.enabled) return;
    const r = await this.session.send('Emulation.setVirtualTimePolicy', { policy: 'pause' });
    this.baseTicksMs = r.virtualTimeTicksBase;
    this.paused = true;
  }

  /**
   * Lets the page run `budgetMs` of virtual time, holding while network fetches are pending, and
   * resolves when it is spent (the policy falls back to pause by itself) or at the wall deadline.
   */
  async run(budgetMs: number, wallCapMs: number, signal?: AbortSignal,
    policy: 'pauseIfNetworkFetchesPending' | 'advance' = 'advance'): Promise<{ expired: boolean }> {
    if (!this.enabled || budgetMs <= 0) return { expired: true };
    // Pausing first makes Chromium drop any earlier budget, so the expiry we wait for is ours and
    // not a stale one from an earlier grant that was still in the pipe.
    await this.pause();
    const expired = this.session.waitFor('Emulation.virtualTimeBudgetExpired', { timeoutMs: wallCapMs, signal });
    expired.catch(() => undefined);
    this.paused = false;
    await this.session.send('Emulation.setVirtualTimePolicy', { policy, budget: budgetMs });
    try {
      await expired;
      this.grantedMs += budgetMs;
      this.paused = true;
      return { expired: true };
    } catch (err) {
      if (!(err instanceof CdpTimeoutError)) throw err;
      await this.pause();
      return { expired: false };
    }
  }

  /**
   * Lets the compositor finish the frames it has started. Measured on Chromium 156: with virtual
   * time paused, BeginFrames stop, so a frame requested before the pause (a rAF, a DOM change)
   * never completes and Page.captureScreenshot hangs; two frame intervals of virtual time after
   * pausing paint the current DOM and leave nothing pending. Deterministic: always FRAME_FLUSH_MS.
   */
  async flushFrames(wallCapMs = 2_000, signal?: AbortSignal): Promise<void> {
    if (!this.enabled) return;
    await this.run(FRAME_FLUSH_MS, wallCapMs, signal, 'advance');
  }

  /** Grants virtual time equal to wall time elapsed since the last grant (≈ real time), without waiting. */
  async pump(elapsedMs: number): Promise<void> {
    if (!this.enabled) return;
    const budget = Math.max(1, Math.round(elapsedMs));
    this.paused = false;
    await this.session.send('Emulation.setVirtualTimePolicy', { policy: 'advance', budget });
    this.grantedMs += budget;
  }
}
