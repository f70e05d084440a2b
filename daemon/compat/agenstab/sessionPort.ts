// Where an AGENSTAB session lives: a sessions.md session (POST /api/v1/sessions), so its policies
// (allowlist, js eval, rate, TTL, HITL, navigation timeout) are enforced by the daemon on every path.
import type { DaemonCalls } from '../daemonCalls.ts';
import { isMissingRoute, replyError } from '../daemonCalls.ts';
import type { CreateSessionParams } from './params.ts';
import { RpcError } from './rpcErrors.ts';

export interface BackendSession {
  session_id: string;
  tab_id: string;
  expires_at: number;
}

interface Created { session_id: string; tab_id: string; expires_at?: string | number | null }

/** The session's rules in sessions.md §3 names. */
export function policiesOf(p: CreateSessionParams): Record<string, unknown> {
  return {
    token_ttl_s: p.token_ttl,
    hitl_transaction_threshold_cents: p.hitl_transaction_threshold,
    rate_limit_apm: p.rate_limit_apm,
    allow_js_eval: p.allow_js_eval,
    stealth_mode: p.stealth_mode,
    ...(p.domain_allowlist ? { domain_allowlist: p.domain_allowlist } : {}),
    ...(p.navigation_timeout_ms ? { navigation_timeout_ms: p.navigation_timeout_ms } : {}),
  };
}

function epochMs(value: string | number | null | undefined, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') { const t = Date.parse(value); if (!Number.isNaN(t)) return t; }
  return fallback;
}

export async function createBackendSession(calls: DaemonCalls, p: CreateSessionParams): Promise<BackendSession> {
  const reply = await calls.reply('POST', '/sessions', {
    policies: policiesOf(p), labels: { compat: 'agenstab' }, ...(p.start_url ? { start_url: p.start_url } : {}),
  });
  if (isMissingRoute(reply)) {
    throw new RpcError(-32601, 'This build of abpd has no sessions layer (POST /api/v1/sessions), which AGENSTAB sessions need.', { reason: 'not_in_this_build' }, 501);
  }
  if (reply.status !== 200 && reply.status !== 201) throw replyError(reply);
  const created = reply.json as Created;
  return { session_id: created.session_id, tab_id: created.tab_id, expires_at: epochMs(created.expires_at, Date.now() + p.token_ttl * 1000) };
}

/** Ends it; a session that is already gone (expired, browser restarted) is not an error. */
export async function endBackendSession(calls: DaemonCalls, s: BackendSession): Promise<void> {
  const reply = await calls.reply('DELETE', `/sessions/${encodeURIComponent(s.session_id)}`);
  if (reply.status < 300 || reply.status === 404 || reply.status === 410 || reply.status === 503) return;
  throw replyError(reply);
}
