// MCP tools for sessions (sessions.md): create, list and close isolated browser sessions; tabs are
// opened in one with browser_tabs {action: "new", session_id}. Annotations tell the host what a
// call does (MCP 2025-06 tool annotations).
import type { ToolDef } from './toolSchema.ts';

function pick(args: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => args[n] !== undefined).map((n) => [n, args[n]]));
}

const SESSION_ID = { schema: { type: 'string', description: 'A session id from session_create / session_list (ses_…).' }, required: true };

export const SESSION_TOOLS: ToolDef[] = [
  {
    name: 'session_create',
    description: 'Create an isolated browser session (its own cookies, storage and cache) with policies the daemon enforces (domain_allowlist, allow_js_eval, rate_limit_apm, token_ttl_s, hitl_transaction_threshold_cents…). Returns session_id and the tab_id of its first tab; act on that tab with the other tools (tab_id).',
    routes: ['POST /sessions'],
    args: {
      policies: { from: 'POST /sessions' }, start_url: { from: 'POST /sessions' }, labels: { from: 'POST /sessions' },
      profile_id: { from: 'POST /sessions' }, profile_read_only: { from: 'POST /sessions' },
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    run: (ctx) => ctx.call('POST /sessions', { body: pick(ctx.args, ['policies', 'start_url', 'labels', 'profile_id', 'profile_read_only']) }),
  },
  {
    name: 'session_list',
    description: 'List browser sessions (the default one included) with status, tabs and labels; with session_id, one session with its tabs and policies.',
    routes: ['GET /sessions', 'GET /sessions/:'],
    args: { session_id: { ...SESSION_ID, required: false }, status: { schema: { type: 'string', enum: ['ready', 'running', 'paused', 'paused_hitl', 'expired', 'terminated', 'error'] } } },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    run: (ctx) => typeof ctx.args.session_id === 'string'
      ? ctx.call('GET /sessions/:', { params: [ctx.args.session_id] })
      : ctx.call('GET /sessions', { query: pick(ctx.args, ['status']) }),
  },
  {
    name: 'session_close',
    description: 'Close a session: its tabs close and its browser context is discarded (a writable profile is saved first).',
    routes: ['DELETE /sessions/:'],
    args: { session_id: SESSION_ID },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    run: (ctx) => ctx.call('DELETE /sessions/:', { params: [String(ctx.args.session_id)] }),
  },
];
