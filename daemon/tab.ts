// A tab as the daemon sees it: the CDP page plus what abpd keeps per tab (queue, clock, input
// state, buffered events, virtual cursor).
import type { PageTarget } from '../cdp/pageTarget.ts';
import { InputController } from '../cdp/input.ts';
import { VirtualClock } from '../cdp/virtualTime.ts';
import { bestEffort } from '../cdp/bestEffort.ts';
import { EventBuffer, type AbpEvent } from './events.ts';
import { TabQueue } from './tabQueue.ts';

const BACKGROUND_PUMP_INTERVAL_MS = 20;
const BACKGROUND_PUMP_CAP_MS = 60_000;
const LOAD_START_GRACE_MS = 500;

export class Tab {
  readonly clock: VirtualClock;
  readonly input: InputController;
  readonly queue: TabQueue;
  readonly events = new EventBuffer();
  readonly createdAt = Date.now();
  /** The session the tab belongs to (its browser context): `default` is ABP's. */
  sessionId = 'default';
  /** The session's navigation_timeout_ms (navigation actions stop loading and answer 504 after it). */
  navigationTimeoutMs: number | undefined;
  /** Set by navigate when the first response did not come within navigationTimeoutMs. */
  navigationTimedOut = false;
  /** Execution control wanted for this tab (global --no-pause / POST execution). */
  pauseWanted: boolean;
  /** When the last popup this tab opened was closed for --max-tabs (popupWait need not wait for it). */
  lastPopupBlockedAt = 0;
  #pumping: 'loading' | 'free' | null = null;
  #pumpToken: symbol | null = null;

  constructor(readonly page: PageTarget, queueCap: number, pauseWanted: boolean, readonly log: (line: string) => void) {
    this.clock = new VirtualClock(page.session, { isOpen: () => page.dialog !== null, onOpen: (fn) => page.events.on('dialogOpened', fn) });
    this.input = new InputController(page.session, () => page.dialog !== null || page.closedReason !== null);
    this.input.needsFrame = (stillWaiting) => this.clock.releaseFrames(500, stillWaiting);
    this.queue = new TabQueue(queueCap);
    this.pauseWanted = pauseWanted;
  }

  /** Resolves when the tab is set up (execution control enabled when wanted). */
  ready: Promise<void> = Promise.resolve();

  get id(): string { return this.page.targetId; }

  async startExecutionControl(): Promise<void> {
    try {
      await this.clock.enable();
      this.pumpWhileLoading();
    } catch (err) {
      this.log(`could not enable execution control on tab ${this.id}: ${(err as Error).message}`);
    }
  }
  get closed(): boolean { return this.page.closedReason !== null; }

  pushEvent(type: string, data: Record<string, unknown>): void {
    const event: AbpEvent = { type, virtual_time_ms: this.virtualTimeMs(), data };
    this.events.push(event);
  }

  /** The tab's virtual clock as ABP reports it: the ticks base when paused, else epoch ms. */
  virtualTimeMs(): number {
    return this.clock.enabled ? Math.trunc(this.clock.baseTicksMs) : Date.now();
  }

  centerCursor(viewport: { width: number; height: number }): void {
    this.input.mouse = { x: Math.round(viewport.width / 2), y: Math.round(viewport.height / 2) };
  }

  /**
   * A paused page cannot load (measured): when an action ends while the document is still loading,
   * keep granting virtual time in step with the wall clock until it has loaded or an action starts.
   */
  pumpWhileLoading(force = false): void {
    if (this.clock.enabled && (this.page.loading || force)) this.#startPump('loading');
  }

  /** Execution control set to "running" (POST /execution {paused:false}): time follows the wall clock. */
  runFreely(): void {
    if (this.clock.enabled) this.#startPump('free');
  }

  get runningFreely(): boolean { return this.#pumping === 'free'; }

  #startPump(mode: 'loading' | 'free'): void {
    if (this.#pumping === mode || (this.#pumping === 'free' && mode === 'loading')) return;
    const token = Symbol(mode);
    this.#pumping = mode;
    this.#pumpToken = token;
    const started = performance.now();
    let last = started;
    const step = (): void => {
      if (this.#pumpToken !== token) return;
      const now = performance.now();
      // A navigation just sent may not have started loading yet: give it a moment to begin.
      const stillLoading = this.page.loading || now - started < LOAD_START_GRACE_MS;
      const done = this.closed || (mode === 'loading' && (!stillLoading || now - started > BACKGROUND_PUMP_CAP_MS));
      if (done) {
        this.#pumping = null;
        this.#pumpToken = null;
        if (!this.closed) bestEffort(this.clock.pause().then(() => this.clock.flushFrames()), 'the tab may have closed while it loaded', this.log);
        return;
      }
      const grant = mode === 'free' ? this.clock.pump(now - last) : this.clock.nudge();
      bestEffort(grant, 'the tab may have closed meanwhile', this.log);
      last = now;
      setTimeout(step, BACKGROUND_PUMP_INTERVAL_MS);
    };
    setTimeout(step, BACKGROUND_PUMP_INTERVAL_MS);
  }

  /** Called when an action starts: the action's own settle drives the clock from here. */
  async stopPump(): Promise<void> {
    const wasPumping = this.#pumping !== null;
    this.#pumping = null;
    this.#pumpToken = null;
    // The last grant may end with a frame half-done; a paused page must have none pending
    // (VirtualClock.flushFrames) or the next capture hangs.
    if (wasPumping && this.clock.enabled && !this.closed) { await this.clock.pause(); await this.clock.flushFrames(); }
  }
}
