// Every AGENSTAB method as a row: its params schema and how it maps onto the daemon's own routes
// (semantic.md observe/act/wait_for, sessions.md sessions and approvals, ABP navigate, scroll,
// execute, screenshot). JSON-RPC and REST both call `invokeMethod`; no browser logic lives here.
import type { z } from 'zod';
import { ApiError } from '../../errors.ts';
import * as P from './params.ts';
import type { AgenstabSession } from './registry.ts';
import { RpcError, toRpcError } from './rpcErrors.ts';
import { groundAndClick } from './grounding.ts';
import { createBackendSession } from './sessionPort.ts';
import { endSession, runAction, type SurfaceContext } from './surface.ts';

export interface MethodRow {
  name: string;
  summary: string;
  params: z.ZodType;
  /** False only for create_session: every other method acts on the caller's session. */
  needsSession: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each row pairs its own schema and handler
  run(ctx: SurfaceContext, session: AgenstabSession | null, params: any): Promise<Record<string, unknown>>;
}

const NO_FRAMES = { screenshot: { area: 'none' } };

function act(action: string, extra: (p: Record<string, unknown>) => Record<string, unknown> = () => ({})) {
  return async (ctx: SurfaceContext, s: AgenstabSession | null, p: Record<string, unknown>) => {
    const env = await runAction(ctx, s!, 'act', { agent_id: p.agent_id, action, ...extra(p), ...NO_FRAMES });
    const result = env.result as Record<string, unknown>;
    return { success: true, action_id: env.action_id, agent_id: p.agent_id, action, ...result };
  };
}

function normalizeCondition(condition: z.infer<typeof P.waitForParams>['condition']): Record<string, unknown> {
  if (condition === 'navigation') return { navigation: true };
  if (condition === 'network_idle') return { network_idle: true };
  return condition;
}

export const METHODS: MethodRow[] = [
  {
    name: 'browser.create_session', summary: 'Open a session (an isolated browser context with its policies).',
    params: P.createSessionParams, needsSession: false,
    async run(ctx, _s, p: P.CreateSessionParams) {
      const backend = await createBackendSession(ctx.calls, p);
      const session = ctx.state.registry.add(backend, p, (expired) => { void endSession(ctx.state, expired, 'expired'); });
      ctx.bind?.(session);
      return {
        session_id: backend.session_id, status: 'ready', tab_id: backend.tab_id,
        expires_at: new Date(backend.expires_at).toISOString(),
        token_ttl: p.token_ttl, hitl_transaction_threshold: p.hitl_transaction_threshold, max_elements: p.max_elements,
        focus_id: p.focus_id ?? null, stealth_mode: p.stealth_mode, domain_allowlist: p.domain_allowlist ?? null,
        allow_js_eval: p.allow_js_eval, rate_limit_apm: p.rate_limit_apm,
        ...(p.tier !== undefined ? { tier: p.tier } : {}), ...(p.region !== undefined ? { region: p.region } : {}),
        live_url: `${ctx.origin}/ui/sessions/${backend.session_id}`,
      };
    },
  },
  {
    name: 'browser.observe', summary: 'The page as elements with stable agent_ids (JSON and the text form).',
    params: P.observeParams, needsSession: true,
    async run(ctx, s, p: z.infer<typeof P.observeParams>) {
      const focus = p.focus_id ?? s!.config.focus_id;
      const env = await runAction(ctx, s!, 'observe', {
        max_elements: p.max_elements ?? s!.config.max_elements, format: p.format, ...(focus ? { focus_id: focus } : {}), ...NO_FRAMES,
      });
      return { action_id: env.action_id, ...(env.result as Record<string, unknown>) };
    },
  },
  {
    name: 'browser.click', summary: 'Click an element by agent_id (or by description, through a vision model).',
    params: P.clickParams, needsSession: true,
    async run(ctx, s, p: z.infer<typeof P.clickParams>) {
      if (p.agent_id === undefined) return groundAndClick(ctx, s!, p.description!);
      return act('click')(ctx, s, p);
    },
  },
  { name: 'browser.type', summary: 'Type text into an element.', params: P.typeParams, needsSession: true,
    run: act('type', (p) => ({ text: p.text, clear_first: p.clear_first })) },
  { name: 'browser.select', summary: 'Choose an option (value or label) of a select or listbox.', params: P.selectParams, needsSession: true,
    run: act('select', (p) => ({ value: p.value })) },
  {
    // abpd extension: the rest of semantic.md's act actions (REST interact's hover/check/uncheck/clear).
    name: 'browser.act', summary: 'Any semantic act action on an agent_id (hover, check, uncheck, clear, focus, press…).',
    params: P.actParams, needsSession: true,
    async run(ctx, s, p: z.infer<typeof P.actParams>) {
      const extra = Object.fromEntries(Object.entries({ text: p.text, value: p.value, key: p.key }).filter(([, v]) => v !== undefined));
      return act(p.action, () => extra)(ctx, s, p);
    },
  },
  {
    name: 'browser.scroll', summary: 'Scroll the page: direction up/down/left/right, amount in px or "page".',
    params: P.scrollParams, needsSession: true,
    async run(ctx, s, p: z.infer<typeof P.scrollParams>) {
      const { width, height } = ctx.viewport;
      const horizontal = p.direction === 'left' || p.direction === 'right';
      // "page" = 90 % of the viewport (agent-apis.md §1.1.2): a line of context stays in view.
      const px = p.amount === 'page' ? Math.round((horizontal ? width : height) * 0.9) : p.amount;
      const delta = p.direction === 'up' || p.direction === 'left' ? -px : px;
      const env = await runAction(ctx, s!, 'scroll', {
        x: Math.round(width / 2), y: Math.round(height / 2), scrolls: [{ delta_px: delta, direction: horizontal ? 'x' : 'y' }], ...NO_FRAMES,
      });
      return { success: true, action_id: env.action_id, direction: p.direction, amount_px: px, scroll: env.scroll ?? null };
    },
  },
  {
    name: 'browser.wait_for', summary: 'Wait for a condition (navigation, network_idle, agent_id_visible, text, url_matches).',
    params: P.waitForParams, needsSession: true,
    async run(ctx, s, p: z.infer<typeof P.waitForParams>) {
      const env = await runAction(ctx, s!, 'wait_for', { condition: normalizeCondition(p.condition), timeout_ms: p.timeout, ...NO_FRAMES });
      return { success: true, action_id: env.action_id, ...(env.result as Record<string, unknown>) };
    },
  },
  {
    name: 'browser.navigate', summary: 'Load a URL (the allowlist applies) and wait for it.',
    params: P.navigateParams, needsSession: true,
    async run(ctx, s, p: z.infer<typeof P.navigateParams>) {
      const env = await runAction(ctx, s!, 'navigate', { url: p.url, ...NO_FRAMES });
      return { success: true, action_id: env.action_id, ...(env.result as Record<string, unknown>) };
    },
  },
  {
    name: 'browser.evaluate', summary: 'Evaluate JavaScript in the page (policy allow_js_eval).',
    params: P.evaluateParams, needsSession: true,
    async run(ctx, s, p: z.infer<typeof P.evaluateParams>) {
      const env = await runAction(ctx, s!, 'execute', { script: p.script, ...NO_FRAMES });
      return { action_id: env.action_id, ...(env.result as Record<string, unknown>) };
    },
  },
  {
    name: 'browser.screenshot', summary: 'The viewport as an image, optionally with marks.',
    params: P.screenshotParams, needsSession: true,
    async run(ctx, s, p: z.infer<typeof P.screenshotParams>) {
      const markup = p.markup === true ? 'interactive' : p.markup === false ? undefined : p.markup;
      const env = await runAction(ctx, s!, 'screenshot', { screenshot: { ...(markup !== undefined ? { markup } : {}), ...(p.format ? { format: p.format } : {}) } });
      const frame = (env.screenshot_after ?? {}) as Record<string, unknown>;
      return { action_id: env.action_id, data: frame.data, format: frame.format, mime_type: env.mimeType,
        width: frame.width, height: frame.height, ...(frame.marked_elements ? { marked_elements: frame.marked_elements } : {}) };
    },
  },
  {
    name: 'browser.approve', summary: 'Approve a held high-value action (-32009): it runs once.',
    params: P.approvalParams, needsSession: true,
    async run(ctx, s, p: z.infer<typeof P.approvalParams>) { return decide(ctx, s!, p.approval_id, 'approve'); },
  },
  {
    name: 'browser.deny', summary: 'Deny a held high-value action: it never runs.',
    params: P.approvalParams, needsSession: true,
    async run(ctx, s, p: z.infer<typeof P.approvalParams>) { return decide(ctx, s!, p.approval_id, 'deny'); },
  },
  {
    name: 'browser.terminate_session', summary: 'End the session: its browser context and data are closed.',
    params: P.noParams, needsSession: true,
    async run(ctx, s) {
      await endSession(ctx.state, s!, 'terminated');
      return { success: true, session_id: s!.backend.session_id, status: 'terminated' };
    },
  },
];

async function decide(ctx: SurfaceContext, s: AgenstabSession, approvalId: string, verdict: 'approve' | 'deny'): Promise<Record<string, unknown>> {
  const path = `/sessions/${encodeURIComponent(s.backend.session_id)}/approvals/${encodeURIComponent(approvalId)}/${verdict}`;
  try {
    const answer = await ctx.calls.json<{ action_id?: string; result?: unknown }>('POST', path, {});
    s.status = 'ready';
    // approve answers with the held action's envelope: its id and result are what the agent needs.
    return verdict === 'approve'
      ? { success: true, approval_id: approvalId, decision: 'approved', action_id: answer.action_id, result: answer.result ?? null }
      : { success: true, approval_id: approvalId, decision: 'denied' };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') {
      throw new RpcError(-32601, 'This build of abpd has no HITL approvals (POST /api/v1/sessions/{id}/approvals/{aid}/approve); no action is ever held without them.', { reason: 'not_in_this_build' }, 501);
    }
    if (err instanceof ApiError && err.status === 404) {
      throw new RpcError(-32602, `approval_id: no pending approval ${approvalId.slice(0, 80)} in this session (it was decided already, or never issued). List them with GET /api/v1/sessions/${s.backend.session_id}/approvals.`, { param: 'approval_id' }, 404);
    }
    throw err;
  }
}

export const METHOD_INDEX = new Map(METHODS.map((m) => [m.name, m]));

/** One method call: find it, check its params, run it; every failure is an RpcError. */
export async function invokeMethod(ctx: SurfaceContext, name: string, rawParams: unknown): Promise<Record<string, unknown>> {
  const row = METHOD_INDEX.get(name);
  if (!row) {
    throw new RpcError(-32601, `No method "${String(name).slice(0, 100)}". AGENSTAB methods: ${[...METHOD_INDEX.keys()].join(', ')}.`, { method: String(name).slice(0, 100) });
  }
  try {
    const params = P.parseParams(row.params, rawParams);
    const session = row.needsSession ? ctx.session() : null;
    return await row.run(ctx, session, params);
  } catch (err) {
    if (!(err instanceof RpcError) && !(err instanceof ApiError)) ctx.state.log.error(`agenstab ${name}: ${(err as Error)?.stack ?? err}`);
    throw toRpcError(err, name);
  }
}
