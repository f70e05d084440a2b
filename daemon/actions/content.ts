// screenshot (POST), execute, wait, wait_for_network (rest.md §4.7–4.9).
import { z } from 'zod';
import { CdpTimeoutError } from '../../cdp/errors.ts';
import { evaluateByValue } from '../../cdp/evaluate.ts';
import type { ActionContext, ActionDef } from '../action.ts';
import { ApiError } from '../errors.ts';
import { withTopLevelFrame } from '../envelope.ts';
import { commonFields } from '../schemas.ts';

// A screenshot is a no-op action: the page does not run (its clock stays put).
export const screenshotBody = z.object({ ...commonFields }).loose();
export const screenshot: ActionDef<z.infer<typeof screenshotBody>> = {
  type: 'screenshot',
  readOnly: true,
  settle: { minWaitMs: 0, virtualBudgetMs: 0 },
  async run() { return { status: 'screenshot' }; },
  decorate: withTopLevelFrame,
};

export const executeBody = z.object({
  script: z.string().min(1).max(1_000_000).optional().meta({ description: 'a JavaScript expression evaluated in the page (required, or expression)' }),
  expression: z.string().min(1).max(1_000_000).optional().meta({ description: 'older name of script' }),
  await_promise: z.boolean().optional().meta({ default: true, description: 'wait for a returned promise' }),
  ...commonFields,
}).loose().superRefine((v, ctx) => {
  if (v.script === undefined && v.expression === undefined) ctx.addIssue({ code: 'custom', path: ['script'], message: 'script: required (a JavaScript expression, e.g. "document.title")' });
});

const EXECUTE_CAP_MS = 20_000;
const START_CLOCK_AFTER_MS = 50;

/** Evaluates page script; while it awaits the page's own timers, lets the clock follow the wall. */
async function evaluateWithClock(ctx: ActionContext, expression: string, awaitPromise: boolean) {
  const session = ctx.tab.page.session;
  let evaluated = false;
  const evaluation = evaluateByValue(session, expression, { awaitPromise, timeoutMs: EXECUTE_CAP_MS, onEvaluated: () => { evaluated = true; } });
  let done = false;
  let leftToDialog = false;
  evaluation.then(() => { done = true; }, () => { done = true; });
  const clock = ctx.tab.clock;
  const pump = (async () => {
    await new Promise((r) => setTimeout(r, START_CLOCK_AFTER_MS));
    if (done || !clock.enabled) return;
    // Replies on a session come in order: if a probe sent now is answered while the script is still
    // pending, the script is waiting (on a timer, a promise), not computing, and only then does
    // the clock need to run. A slow reply under load must not move the page's clock.
    await session.send('Runtime.evaluate', { expression: '0' }, { timeoutMs: 2_000 }).catch(() => undefined);
    if (done || evaluated) return;
    let last = performance.now();
    while (!done && clock.enabled && !ctx.signal.aborted && !ctx.tab.page.dialog) {
      await new Promise((r) => setTimeout(r, 15));
      // A dialog blocks the clock's calls until their timeout: check again before each one.
      if (done || ctx.tab.page.dialog) break;
      const now = performance.now();
      await clock.pump(now - last).catch(() => undefined);
      last = now;
    }
    // Left behind by a dialog: a later action owns the clock by then (each pump's budget re-pauses it).
    if (clock.enabled && !ctx.tab.page.dialog && !leftToDialog) await clock.pause().catch(() => undefined);
  })();
  // A dialog opened by the script blocks its evaluation until someone answers the dialog: answer now
  // (the envelope carries the dialog event) instead of holding the tab until the cap.
  let offDialog = (): void => undefined;
  const dialogOpened = new Promise<'dialog'>((resolve) => {
    if (ctx.tab.page.dialog) { resolve('dialog'); return; }
    offDialog = ctx.tab.page.events.on('dialogOpened', () => resolve('dialog'));
  });
  try {
    const first = await Promise.race([evaluation, dialogOpened]);
    if (first === 'dialog') {
      evaluation.catch(() => undefined); // it finishes (or fails) once the dialog is answered
      leftToDialog = true;
      return 'blocked_by_dialog' as const;
    }
    return first;
  } catch (err) {
    if (err instanceof CdpTimeoutError) {
      // An endless loop (while(true){}) would hold the renderer: stop it so the tab stays usable.
      await session.send('Runtime.terminateExecution', undefined, { timeoutMs: 2_000 }).catch(() => undefined);
      throw new ApiError(504, 'ACTION_TIMEOUT', `The script ran longer than ${EXECUTE_CAP_MS / 1000} s and was terminated; the tab is usable again.`);
    }
    throw err;
  } finally {
    offDialog();
    done = true;
    // A clock call already sent when the dialog opened waits for it: do not hold the answer for it.
    if (!leftToDialog) await pump;
  }
}

export const execute: ActionDef<z.infer<typeof executeBody>> = {
  type: 'execute',
  // Reading the page must not move its clock: no virtual-time budget after the script.
  settle: { minWaitMs: 0, virtualBudgetMs: 0 },
  async run(ctx, p) {
    const r = await evaluateWithClock(ctx, (p.script ?? p.expression)!, p.await_promise ?? true);
    if (r === 'blocked_by_dialog') {
      const kind = ctx.tab.page.dialog?.type;
      return { type: 'undefined', blocked_by_dialog: true,
        description: `The script opened a dialog${kind ? ` (${kind})` : ''} and waits for it; its value is not reported. Answer it with POST /tabs/${ctx.tab.id}/dialog/accept or /dismiss.` };
    }
    if (r.exceptionDetails) {
      const ex = r.exceptionDetails;
      const text = ex.exception?.description?.split('\n')[0] ?? ex.text;
      return { type: 'exception', exception: { text, line: ex.lineNumber, column: ex.columnNumber } };
    }
    const o = r.result;
    const result: Record<string, unknown> = { type: o.type };
    if (o.subtype) result.subtype = o.subtype;
    if ('value' in o) result.value = o.value;
    else if (o.unserializableValue !== undefined) result.value = o.unserializableValue;
    if (o.description !== undefined) result.description = o.description;
    return result;
  },
};

export const waitBody = z.object({ ms: z.number().int().min(0).max(60_000), ...commonFields }).loose();
export const wait: ActionDef<z.infer<typeof waitBody>> = {
  type: 'wait',
  settle: { virtualBudgetMs: 0 },
  async run(ctx, p) {
    // The page is granted exactly ms of virtual time (so the same script gives the same clock in
    // every run) and the action takes at least ms of wall time (CSS animations, servers).
    const wall = new Promise<void>((r) => {
      // Aborted (deadline, renderer crash): stop holding the tab's queue slot.
      const timer = setTimeout(r, p.ms);
      ctx.signal.addEventListener('abort', () => { clearTimeout(timer); r(); }, { once: true });
    });
    if (ctx.tab.clock.enabled) await ctx.tab.clock.run(p.ms, p.ms + 5_000, ctx.signal);
    await wall;
    return { status: 'waited', ms: p.ms };
  },
};

export const waitForNetworkBody = z.object({ animation: z.boolean().optional(), ...commonFields }).loose();
export const waitForNetwork: ActionDef<z.infer<typeof waitForNetworkBody>> = {
  type: 'wait_for_network',
  settle: (p) => ({ minWaitMs: 250, trackingTimeoutMs: 5_000, quietMs: 750, allRequests: true, ...(p.animation ? { minRunMs: 5_000 } : {}) }),
  async run() { return {}; },
};
