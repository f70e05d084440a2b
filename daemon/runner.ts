// The atomic step (rest.md §1, house.md "The path of one request"): slot → before-frame → input →
// settle → pause → after-frame → envelope. One action at a time per tab, a deadline on the whole.
import { readState, cursorType } from '../cdp/pageState.ts';
import { mainThreadAnswers } from '../cdp/watchdog.ts';
import { markBeforeInput, waitForSettle, type SettleOptions, type SettleReport } from '../cdp/settle.ts';
import type { ActionContext, ActionDef } from './action.ts';
import type { BrowserHost } from './browserHost.ts';
import { newActionId, scrollObject, type Envelope, type Profiling } from './envelope.ts';
import { quietWindowMs } from './config.ts';
import { ApiError, browserUnavailableIn, browserUnresponsive, tabCrashed, toApiError, toApiErrorIn } from './errors.ts';
import { captureSource, encodeFrame, toScreenshotObject, withMarks, type CapturedSource, type RawFrame } from './frames.ts';
import { beforeFrame, forgetAfterFrame, markPage, repeatedAfterFrame, rememberAfterFrame, unchangedSince, type PageMark } from './frameReuse.ts';
import { resolveScreenshotOptions, type ScreenshotInput } from './screenshotOptions.ts';
import type { Tab } from './tab.ts';
import { waitUntilCondition, type WaitUntil } from './waitUntil.ts';
import { waitForPopupTab } from './features/popupWait.ts';
import { downloadMark, waitForOwnDownloads } from './features/downloadWait.ts';

/**
 * One cheap round trip to the renderer after the input: its reply comes after the input's handlers
 * ran, and after the events they caused on this session (a fetch's requestWillBeSent), so settle
 * starts from what the input actually did (this keeps virtual-time budgets deterministic).
 */
async function flushInputQueue(tab: Tab): Promise<void> {
  if (tab.page.dialog || tab.closed) return;
  await mainThreadAnswers(tab.page.session, 1_000); // a busy or navigating page: settle's own caps take over
}

export interface CommonFields { screenshot?: ScreenshotInput; wait_until?: WaitUntil }

/** Something that wants to know about every finished action (history, MCP, logs). */
export type ActionObserver = (record: ActionRecord) => void;
export interface ActionRecord {
  actionId: string; type: string; tabId: string; params: unknown; envelope?: Envelope; error?: ApiError;
  beforeFrame?: RawFrame; afterFrame?: RawFrame; startedAt: number; durationMs: number;
  /** Tab commands (create/close/activate/stop) have no envelope: their JSON answer. */
  result?: unknown;
}

/** Per-call options the HTTP layer hands the runner. */
export interface RunOptions {
  /** Warnings found before the action ran (unknown request fields): they lead the envelope's list. */
  warnings?: string[];
  /** A held action a person approved (sessions.md §4): guards that hold actions let it through once. */
  approved?: boolean;
}

/**
 * Checked before an action is queued (session policies: allowlist, rate, js eval, the HITL gate):
 * throwing refuses it with that answer; nothing is dispatched and no frame is taken.
 */
export type ActionGuard = (tab: Tab, def: ActionDef<any>, params: Record<string, unknown>, options: RunOptions) => void | Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class ActionRunner {
  readonly observers = new Set<ActionObserver>();
  /** Standing conditions every envelope reports while they last (e.g. history writes failing). */
  readonly warningSources = new Set<() => string[]>();
  readonly guards = new Set<ActionGuard>();

  constructor(readonly host: BrowserHost) {}

  async run<P extends CommonFields>(tabId: string, def: ActionDef<P>, params: P, options: RunOptions = {}): Promise<Envelope> {
    const browser = this.host.requireBrowser(); // first: while Chromium restarts, old tab ids are 503, not 404
    const tab = this.host.getTab(tabId);
    def.validate?.(params, { config: this.host.config });
    if (!def.allowDuringDialog) this.host.assertNoDialog(tab);
    for (const guard of this.guards) await guard(tab, def, params as Record<string, unknown>, options);
    const actionId = newActionId();
    const startedAt = Date.now();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadlineMs = this.host.config.actionDeadlineMs;
    const work = tab.queue.run(async (queueWaitMs) => {
      await tab.ready;
      // Its client already got 504 while it waited: running it now would do what the client was told
      // failed (and a retry would do it twice).
      if (controller.signal.aborted) throw new ApiError(504, 'ACTION_TIMEOUT', 'Action timed out while queued; it was not run.');
      if (tab.closed) throw new ApiError(404, 'TAB_NOT_FOUND', `Tab ${tabId} was closed while this action waited. List open tabs with GET /api/v1/tabs.`);
      // A crashed renderer answers nothing; only a navigation (reload) brings the tab back.
      if (tab.page.crashed && !def.navigation) throw tabCrashed(tab.id);
      // Requests that start while the step runs are this action's in the request log.
      tab.page.requests.currentAction = { action_id: actionId, type: def.type };
      try {
        return await this.#step(tab, def, params, actionId, queueWaitMs, controller.signal, [...(options.warnings ?? [])]);
      } finally {
        tab.page.requests.currentAction = null;
      }
    });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ApiError(504, 'ACTION_TIMEOUT', `Action timed out after ${deadlineMs / 1000} seconds. The page may be busy; the tab is still usable.`));
      }, deadlineMs);
    });
    // A renderer crash mid-action answers at once (TAB_CRASHED) and ends the step's waits.
    let offCrash = (): void => undefined;
    const crashed = new Promise<never>((_, reject) => {
      offCrash = tab.page.events.on('crashed', () => { controller.abort(); reject(tabCrashed(tab.id)); });
    });
    crashed.catch(() => undefined);
    // Chromium stopped answering (liveness.ts): the step's calls would hang to their deadlines and
    // the watchdog could mistake the stall for a hung page; answer at once, and never with a value
    // read across the stall (issue 27 item 6).
    const stallAtStart = this.host.stallSeq;
    let offStall = (): void => undefined;
    const stalled = new Promise<never>((_, reject) => {
      const listener = (): void => { controller.abort(); reject(browserUnresponsive(this.host.message, true)); };
      this.host.stallListeners.add(listener);
      offStall = () => { this.host.stallListeners.delete(listener); };
    });
    stalled.catch(() => undefined);
    try {
      const envelope = await Promise.race([work, deadline, crashed, stalled]);
      // The tab went with its session while the action ran (TTL, delete): answer as the session does.
      const gone = tab.closed ? this.host.goneTabs.get(tabId) : undefined;
      if (gone) throw new ApiError(gone.status, gone.code, gone.message).withData(gone.data ?? {});
      if (this.host.stallSeq !== stallAtStart) throw browserUnresponsive(this.host.message, true);
      // Chromium went away under the action: what the step saw was a dying browser (503, not 200).
      if (this.host.browser !== browser || this.host.state !== 'ready') throw browserUnavailableIn(this.host, this.host.browser !== browser);
      this.#notify({ actionId, type: def.type, tabId, params, envelope, startedAt, durationMs: Date.now() - startedAt });
      return envelope;
    } catch (err) {
      // Events drained before observers run, so history records them with the failed action.
      // A tab that went with its session mid-action (TTL, delete) answers as the session does (410).
      const mapped = toApiErrorIn(this.host, err);
      const gone = mapped.code === 'TAB_NOT_FOUND' ? this.host.goneTabs.get(tabId) : undefined;
      const error = Object.assign(gone ? new ApiError(gone.status, gone.code, gone.message).withData(gone.data ?? {}) : mapped, { actionId, events: tab.events.drain() });
      this.#notify({ actionId, type: def.type, tabId, params, error, startedAt, durationMs: Date.now() - startedAt });
      throw error;
    } finally {
      clearTimeout(timer);
      offCrash();
      offStall();
      work.catch(() => undefined); // after a deadline the step finishes on its own, bounded by its caps
    }
  }

  async #step<P extends CommonFields>(tab: Tab, def: ActionDef<P>, params: P, actionId: string,
    queueWaitMs: number, signal: AbortSignal, warnings: string[]): Promise<Envelope> {
    const t0 = performance.now();
    const startedAt = Date.now();
    const config = this.host.config;
    const shot = resolveScreenshotOptions(params.screenshot);
    const profiling: Profiling = { queue_wait_ms: Math.round(queueWaitMs), before_screenshot_ms: -1, resume_ms: 0,
      action_ms: 0, wait_ms: 0, pause_ms: 0, after_screenshot_ms: -1, total_ms: 0 };
    await tab.stopPump();
    tab.clock.takeReleased(); // what earlier captures released is not this action's
    // Paused from the start of a tab's first action, so even its first load is deterministic.
    if (tab.pauseWanted && !tab.clock.enabled && !tab.page.dialog) {
      const tPause = performance.now();
      await tab.startExecutionControl();
      profiling.pause_ms = Math.round(performance.now() - tPause);
    }

    // The before-frame: reused when the paused page cannot have changed since the last after-frame,
    // else captured now; its encoding overlaps with the input and settle (awaited below).
    let beforeEncoding: Promise<RawFrame | undefined> = Promise.resolve(undefined);
    let beforeSource: CapturedSource | undefined;
    let beforeMark: PageMark | undefined;
    if (shot.area !== 'none' && !tab.page.dialog) {
      const t = performance.now();
      beforeMark = markPage(tab);
      const pending = await beforeFrame(tab, shot).catch(() => undefined);
      if (pending) { beforeEncoding = pending.encoded.catch(() => undefined); beforeSource = pending.source; }
      profiling.before_screenshot_ms = Math.round(performance.now() - t);
    }
    if (!def.readOnly) forgetAfterFrame(tab);

    // Armed before the input: a click's request or navigation can arrive before the input's reply.
    // After a renderer crash every new call to it hangs until its deadline: stop at each stage
    // (a navigation is what brings a crashed tab back: it commits a document in a new renderer).
    if (tab.page.crashed && !def.navigation) throw tabCrashed(tab.id);
    const mark = markBeforeInput(tab.page);
    const windowOpensBefore = tab.page.windowOpenSeq;
    const downloadsBefore = downloadMark(tab);
    const ctx: ActionContext = { tab, host: this.host, config, signal, warn: (message) => { warnings.push(message); } };
    // The client already got 504 (the deadline passed while the before-frame was taken): do not run
    // an input it was told failed (an answered chooser would then be answered twice).
    if (signal.aborted) throw new ApiError(504, 'ACTION_TIMEOUT', 'Action timed out before its input was sent; it was not run.');
    const tAction = performance.now();
    const result = await def.run(ctx, params);
    if (tab.page.crashed && !def.navigation) throw tabCrashed(tab.id);
    if (!def.readOnly) await flushInputQueue(tab); // a read-only action sent nothing to wait for
    profiling.action_ms = Math.round(performance.now() - tAction);
    const actionCompletedAt = Date.now();
    if (def.navigation) tab.centerCursor(config.windowSize);

    const tWait = performance.now();
    const overrides = typeof def.settle === 'function' ? def.settle(params) : def.settle ?? {};
    const settleOptions: SettleOptions = {
      minWaitMs: config.minWaitMs, trackingTimeoutMs: config.trackingTimeoutMs, quietMs: quietWindowMs(config, tab.clock.enabled),
      capMs: def.navigation && tab.navigationTimeoutMs ? Math.min(config.settleCapMs, tab.navigationTimeoutMs) : config.settleCapMs,
      virtualBudgetMs: config.virtualBudgetMs, ...overrides,
    };
    const wantsCustomWait = params.wait_until?.type !== undefined && params.wait_until.type !== 'action_complete';
    const report: SettleReport = wantsCustomWait
      ? await waitUntilCondition(tab, params.wait_until!, signal)
      : await waitForSettle(tab.page, tab.clock, mark, settleOptions, signal);
    await waitForOwnDownloads(this.host, tab, downloadsBefore, signal);
    profiling.wait_ms = Math.round(performance.now() - tWait);
    const waitCompletedAt = Date.now();
    if (tab.page.crashed) throw tabCrashed(tab.id);
    if (def.afterSettle && !tab.closed && !tab.page.dialog) await def.afterSettle(ctx, params, result);

    if (report.unresolved.length > 0) tab.pushEvent('request_tracking_timeout', { unresolved_requests: report.unresolved.length, urls: report.unresolved.slice(0, 20) });

    // A popup opened by this action becomes the tab the after-frame shows (ABP's tab_changed).
    if (tab.page.windowOpenSeq !== windowOpensBefore) await waitForPopupTab(this.host, tab, startedAt, signal);
    const target = this.#popupOpenedBy(tab, startedAt) ?? tab;
    if (target !== tab) await waitForSettle(target.page, target.clock, markBeforeInput(target.page), { ...settleOptions, virtualBudgetMs: 0 }, signal);

    let after: RawFrame | undefined;
    const tAfter = performance.now();
    const [state] = await Promise.all([
      target.closed || target.page.dialog ? Promise.resolve(null) : readState(target.page.session, target.page.mainFrameId, target.input.mouse),
      (async () => {
        if (shot.area === 'none' || target.closed || target.page.dialog) return;
        try {
          const cursorAt = { ...target.input.mouse };
          // A read-only action on a page that cannot have changed: the before pixels are the after pixels.
          const same = def.readOnly && target === tab && beforeSource && beforeMark && unchangedSince(tab, beforeMark);
          // Then the after-frame is the before-frame's very bytes (no markup), or the last after-frame
          // when it was taken with the same options (its marks cannot have moved either).
          const repeated = same && shot.markup.size > 0 ? repeatedAfterFrame(tab, shot) : undefined;
          const beforeBytes = same && shot.markup.size === 0 ? await beforeEncoding : undefined;
          if (repeated) {
            after = repeated; // already remembered
          } else if (beforeBytes && beforeSource) {
            after = beforeBytes;
            rememberAfterFrame(target, beforeSource, after, shot);
          } else {
            const captured = same && beforeSource ? await withMarks(target, beforeSource, shot) : await captureSource(target, shot);
            after = await encodeFrame(captured, shot, cursorAt);
            rememberAfterFrame(target, captured, after, shot);
          }
        } catch (err) {
          tab.log(`after-frame failed: ${(err as Error).message}`);
        }
      })(),
    ]);
    profiling.after_screenshot_ms = after ? Math.round(performance.now() - tAfter) : -1;
    const before = await beforeEncoding;
    if (target.clock.enabled && !target.pauseWanted) target.runFreely();
    else if (target.clock.enabled && target.page.loading) target.pumpWhileLoading();

    const events = tab.events.drain();
    if (target !== tab) events.push(...target.events.drain());
    profiling.total_ms = Math.round(performance.now() - t0 + queueWaitMs);
    const envelope: Envelope = {
      action_id: actionId,
      tab_id: target.id,
      ...(target !== tab ? { tab_changed: true as const, original_tab_id: tab.id } : {}),
      result,
      ...(before ? { screenshot_before: toScreenshotObject(before) } : {}),
      ...(after ? { screenshot_after: toScreenshotObject(after) } : {}),
      // Capture hangs while a dialog is open: the before-frame stands in, marked stale (rest.md §4.10).
      ...(!after && before && target.page.dialog ? { screenshot_after: { ...toScreenshotObject(before), stale: true as const } } : {}),
      ...(state ? { scroll: scrollObject(state.scroll) } : {}),
      events,
      timing: { action_started_ms: startedAt, action_completed_ms: actionCompletedAt, wait_completed_ms: waitCompletedAt, duration_ms: waitCompletedAt - startedAt },
      cursor: { x: Math.round(target.input.mouse.x), y: Math.round(target.input.mouse.y), cursor_type: cursorType(state) },
      ...(target.clock.enabled ? { virtual_time: { paused: target.clock.paused, base_ticks_ms: Math.trunc(target.clock.baseTicksMs) } } : {}),
      settle: { reason: report.reason, waited_ms: report.waited_ms, pending_requests: report.pending_requests },
      profiling,
    };
    for (const source of this.warningSources) warnings.push(...source());
    if (warnings.length > 0) envelope.warnings = warnings;
    def.decorate?.(envelope);
    this.#framesOf.set(envelope, { before, after });
    const timedOut = tab.navigationTimedOut;
    tab.navigationTimedOut = false;
    if (def.navigation && tab.navigationTimeoutMs && (timedOut || (tab.page.loading && Date.now() - startedAt >= tab.navigationTimeoutMs))) {
      // The session's navigation_timeout_ms passed before the load finished: stop it, answer 504
      // with what the envelope saw (sessions.md §3).
      await tab.page.session.send('Page.stopLoading').catch(() => undefined);
      throw new ApiError(504, 'NAVIGATION_TIMEOUT', `The page did not finish loading within ${tab.navigationTimeoutMs} ms (the session's navigation_timeout_ms); loading was stopped.`)
        .withData({ rpc_code: -32007, envelope });
    }
    return envelope;
  }

  /** Each envelope's frames, for observers (history) that store them as files. A WeakMap: an
   *  envelope that nobody receives (its action hit the deadline) takes its frames with it. */
  #framesOf = new WeakMap<Envelope, { before?: RawFrame; after?: RawFrame }>();

  #popupOpenedBy(tab: Tab, since: number): Tab | undefined {
    let found: Tab | undefined;
    for (const other of this.host.tabs.values()) {
      if (other.page.openerId === tab.id && other.createdAt >= since - 5 && !other.closed) found = other;
    }
    return found;
  }

  /** A state-changing query route (tab commands): run it and tell observers, with its own id. */
  async recordCommand<T>(type: string, tabId: string | undefined, params: unknown, run: () => Promise<T>,
    resultOf: (value: T) => { result: unknown; tabId?: string }): Promise<T> {
    const actionId = newActionId();
    const startedAt = Date.now();
    try {
      const value = await run();
      const { result, tabId: answeredTabId } = resultOf(value);
      this.#notify({ actionId, type, tabId: tabId ?? answeredTabId ?? '', params, result, startedAt, durationMs: Date.now() - startedAt });
      return value;
    } catch (err) {
      this.#notify({ actionId, type, tabId: tabId ?? '', params, error: toApiError(err), startedAt, durationMs: Date.now() - startedAt });
      throw err;
    }
  }

  #notify(record: ActionRecord): void {
    const frames = record.envelope ? this.#framesOf.get(record.envelope) : undefined;
    if (frames) { record.beforeFrame = frames.before; record.afterFrame = frames.after; }
    for (const observer of this.observers) {
      try { observer(record); } catch (err) { this.host.log.error(`action observer failed: ${(err as Error).stack}`); }
    }
  }
}
