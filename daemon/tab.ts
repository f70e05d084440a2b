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

export class Tab {
  readonly clock: VirtualClock;
  readonly input: InputController;
  readonly queue: TabQueue;
  readonly events = new EventBuffer();
  readonly createdAt = Date.now();
  /** Execution control wanted for this tab (global --no-pause / POST execution). */
  pauseWanted: boolean;
  #pumping = false;

  constructor(readonly page: PageTarget, queueCap: number, pauseWanted: boolean, readonly log: (line: string) => void) {
    this.clock = new VirtualClock(page.session);
    this.input = new InputController(page.session, () => page.dialog !== null || page.closedReason !== null);
    this.queue = new TabQueue(queueCap);
    this.pauseWanted = pauseWanted;
    const { width, height } = { width: 640, height: 400 };
    this.input.mouse = { x: width, y: height };
  }

  get id(): string { return this.page.targetId; }
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
  pumpWhileLoading(): void {
    if (this.#pumping || !this.clock.enabled || !this.page.loading) return;
    this.#pumping = true;
    const started = performance.now();
    let last = started;
    const step = (): void => {
      if (!this.#pumping) return;
      const now = performance.now();
      if (!this.page.loading || this.closed || now - started > BACKGROUND_PUMP_CAP_MS) {
        this.#pumping = false;
        bestEffort(this.clock.pause(), 'the tab may have closed while it loaded', this.log);
        return;
      }
      bestEffort(this.clock.pump(now - last), 'the tab may have closed while it loaded', this.log);
      last = now;
      setTimeout(step, BACKGROUND_PUMP_INTERVAL_MS);
    };
    setTimeout(step, BACKGROUND_PUMP_INTERVAL_MS);
  }

  /** Called when an action starts: the action's own settle drives the clock from here. */
  stopPump(): void { this.#pumping = false; }
}
