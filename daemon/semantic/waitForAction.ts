// POST /tabs/{id}/wait_for (semantic.md §3): let the page run until a condition holds — an agent_id
// visible or gone, text on the page, the URL matching, a navigation, the network idle. On timeout
// 408 WAIT_TIMEOUT with the envelope of what is there (rpc_code -32007 for navigation conditions).
import { z } from 'zod';
import type { ActionContext, ActionDef } from '../action.ts';
import { ApiError, invalidParams } from '../errors.ts';
import type { Envelope } from '../envelope.ts';
import { commonFields } from '../schemas.ts';
import { agentId } from './observeAction.ts';
import { absorbTab, RPC, semanticOf } from './state.ts';

const POLL_MS = 100;
const CAPTURE_EVERY_MS = 200;
const NETWORK_IDLE_MS = 500;

const condition = z.object({
  agent_id_visible: agentId.optional(),
  agent_id_gone: agentId.optional(),
  text: z.string().min(1).max(10_000).optional(),
  url_matches: z.string().min(1).max(2_000).optional(),
  navigation: z.literal(true).optional(),
  network_idle: z.literal(true).optional(),
}).strict();

export const waitForBody = z.object({
  condition,
  timeout_ms: z.number().int().min(0).max(25_000).optional(),
  ...commonFields,
}).loose().superRefine((v, ctx) => {
  const set = Object.keys(v.condition ?? {}).filter((k) => (v.condition as Record<string, unknown>)[k] !== undefined);
  if (set.length !== 1) ctx.addIssue({ code: 'custom', path: ['condition'], message: 'condition: exactly one of agent_id_visible, agent_id_gone, text, url_matches, navigation: true, network_idle: true' });
  if (v.condition?.url_matches) {
    try { new RegExp(v.condition.url_matches); } catch { ctx.addIssue({ code: 'custom', path: ['condition', 'url_matches'], message: 'condition.url_matches: not a valid regular expression' }); }
  }
});
export type WaitForBody = z.infer<typeof waitForBody>;

async function pageText(ctx: ActionContext): Promise<string> {
  try {
    const r = await ctx.tab.page.session.send('Runtime.evaluate', { expression: 'document.body ? document.body.innerText : ""', returnByValue: true }, { timeoutMs: 2_000 });
    return String(r.result.value ?? '');
  } catch { return ''; } // mid-navigation: the next poll reads the new document
}

export const waitFor: ActionDef<WaitForBody> = {
  type: 'wait_for',
  settle: { minWaitMs: 0, virtualBudgetMs: 0 },
  async run(ctx, p) {
    const c = p.condition;
    const page = ctx.tab.page;
    const clock = ctx.tab.clock;
    const start = performance.now();
    const cap = p.timeout_ms ?? 10_000;
    const docAtStart = page.documentSeq;
    let idleSince = performance.now();
    let lastCapture = -Infinity;
    let captured = false;
    const url = c.url_matches ? new RegExp(c.url_matches) : null;
    const met = async (): Promise<boolean> => {
      if (c.navigation) return page.documentSeq !== docAtStart && !page.loading;
      if (url) return url.test(page.url);
      if (c.network_idle) {
        if (page.network.allPending().length > 0) idleSince = performance.now();
        return performance.now() - idleSince >= NETWORK_IDLE_MS;
      }
      if (c.text) return (await pageText(ctx)).includes(c.text);
      const id = (c.agent_id_visible ?? c.agent_id_gone)!;
      if (performance.now() - lastCapture < CAPTURE_EVERY_MS) return false;
      lastCapture = performance.now();
      await absorbTab(ctx.tab, true).then(() => { captured = true; }, () => undefined);
      const live = semanticOf(ctx.tab).lookup(id).state === 'live';
      return captured && (c.agent_id_visible ? live : !live);
    };
    if (c.agent_id_visible && semanticOf(ctx.tab).lookup(c.agent_id_visible).state === 'unknown' && semanticOf(ctx.tab).registry.seq === 0) {
      throw invalidParams('condition.agent_id_visible: this tab has not been observed yet; observe first so ids exist');
    }
    let last = performance.now();
    let ok = false;
    for (;;) {
      if (await met()) { ok = true; break; }
      if (page.dialog || ctx.signal.aborted || performance.now() - start >= cap) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
      const now = performance.now();
      // A paused page cannot change: the clock follows the wall while the condition is awaited.
      if (clock.enabled && !page.dialog) await clock.pump(now - last).catch(() => undefined);
      last = now;
    }
    if (clock.enabled && !page.dialog) { await clock.pause().catch(() => undefined); await clock.flushFrames().catch(() => undefined); }
    return { condition: c, met: ok, waited_ms: Math.round(performance.now() - start), url: page.url };
  },
};

/** The route's answer: the envelope, or 408 with it when the condition did not hold in time. */
export function waitForAnswer(envelope: Envelope, p: WaitForBody): { status: number; json: unknown } {
  if ((envelope.result as { met?: boolean }).met !== false) return { status: 200, json: envelope };
  const navigation = p.condition.navigation === true || p.condition.url_matches !== undefined;
  const error = new ApiError(408, 'WAIT_TIMEOUT', `The condition did not hold within ${p.timeout_ms ?? 10_000} ms; the envelope shows the page as it is.`)
    .withData({ rpc_code: navigation ? RPC.NAVIGATION_TIMEOUT : RPC.SERVER, condition: p.condition });
  return { status: 408, json: { error: error.message, code: error.code, data: error.data, ...envelope } };
}

