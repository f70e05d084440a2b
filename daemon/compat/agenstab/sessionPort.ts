// Where an AGENSTAB session lives: a sessions.md session (POST /api/v1/sessions, its policies
// enforced by the daemon), or — in a build without the sessions layer — a tab of the default
// session. The choice is made per call by asking the daemon (a missing route is a 404 NOT_FOUND),
// so this surface follows the daemon's features without a flag.
import { randomBytes } from 'node:crypto';
import type { DaemonCalls } from '../daemonCalls.ts';
import { isMissingRoute, replyError } from '../daemonCalls.ts';
import type { CreateSessionParams } from './params.ts';

export interface BackendSession {
  session_id: string;
  tab_id: string;
  /** True when the daemon's sessions layer holds it (policies, TTL, HITL are enforced there). */
  native: boolean;
  expires_at: number;
}

interface NativeCreated { session_id: string; tab_id: string; expires_at?: string | number | null }

/** `ses_` + 16+ url-safe chars, the shape sessions.md and the vendor use. */
export function newSessionId(): string {
  return `ses_${randomBytes(12).toString('base64url')}`;
}

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
  const fallbackExpiry = Date.now() + p.token_ttl * 1000;
  const reply = await calls.reply('POST', '/sessions', {
    policies: policiesOf(p), labels: { compat: 'agenstab' }, ...(p.start_url ? { start_url: p.start_url } : {}),
  });
  if (reply.status === 200 || reply.status === 201) {
    const created = reply.json as NativeCreated;
    return { session_id: created.session_id, tab_id: created.tab_id, native: true, expires_at: epochMs(created.expires_at, fallbackExpiry) };
  }
  if (!isMissingRoute(reply)) throw replyError(reply);
  const tab = await calls.json<{ id: string }>('POST', '/tabs', p.start_url ? { url: p.start_url } : {});
  return { session_id: newSessionId(), tab_id: tab.id, native: false, expires_at: fallbackExpiry };
}

/** Ends it; a session or tab that is already gone (expired, browser restarted) is not an error. */
export async function endBackendSession(calls: DaemonCalls, s: BackendSession): Promise<void> {
  const reply = s.native
    ? await calls.reply('DELETE', `/sessions/${encodeURIComponent(s.session_id)}`)
    : await calls.reply('DELETE', `/tabs/${encodeURIComponent(s.tab_id)}`);
  if (reply.status < 300 || reply.status === 404 || reply.status === 410 || reply.status === 503) return;
  throw replyError(reply);
}
