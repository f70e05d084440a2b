// What an action is: a small definition the runner wraps in the atomic step (rest.md §1).
import type { SettleOptions } from '../cdp/settle.ts';
import type { BrowserHost } from './browserHost.ts';
import type { Config } from './config.ts';
import type { Envelope } from './envelope.ts';
import type { Tab } from './tab.ts';

export interface ActionContext {
  tab: Tab;
  host: BrowserHost;
  config: Config;
  signal: AbortSignal;
  /** Adds a line to the envelope's `warnings` (the action went on). */
  warn(message: string): void;
}

export type SettleOverrides = Partial<Pick<SettleOptions, 'minWaitMs' | 'trackingTimeoutMs' | 'quietMs' | 'virtualBudgetMs' | 'allRequests' | 'minRunMs'>>;

export interface ActionDef<P> {
  /** History/action type, e.g. `click`. */
  type: string;
  /** Per-action settle tweaks (ABP's per-action table, abp-reference §1.3). */
  settle?: SettleOverrides | ((params: P) => SettleOverrides);
  /** Navigation-type actions re-center the virtual cursor. */
  navigation?: boolean;
  /** Dispatches no input and runs no page code (screenshot): its after-frame may reuse the
   *  before-frame's pixels when the page cannot have changed in between. */
  readOnly?: boolean;
  /** Allowed while a dialog is open (dialog accept/dismiss). */
  allowDuringDialog?: boolean;
  /** Checks that need the daemon's settings (viewport, limits): runs before the action is queued,
   *  so bad input is a 400 with no frame taken, nothing dispatched and no history row. */
  validate?(params: P, ctx: { config: Config }): void;
  run(ctx: ActionContext, params: P): Promise<Record<string, unknown>>;
  /** Runs once the page has settled, before the after-frame: adds what the action caused to its
   *  result (semantic act: the element lines that are new or changed). */
  afterSettle?(ctx: ActionContext, params: P, result: Record<string, unknown>): Promise<void>;
  /** Adds fields an older client reads elsewhere (rest.md: emit both where a field moved). */
  decorate?(envelope: Envelope): void;
}
