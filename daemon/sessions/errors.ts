// The refusals of sessions.md §2-§3: HTTP status, error code and the AGENSTAB JSON-RPC code in
// `data.rpc_code`, so every compat surface can translate one error the same way.
import { ApiError } from '../errors.ts';

/** AGENSTAB has no "unknown session" code of its own; its closest is -32005 (the session is not usable). */
export const sessionNotFound = (id: string): ApiError =>
  new ApiError(404, 'SESSION_NOT_FOUND', `Session not found: ${id}. List sessions with GET /api/v1/sessions.`).withData({ rpc_code: -32005 });

export const sessionExpired = (id: string): ApiError =>
  new ApiError(410, 'SESSION_EXPIRED', `Session ${id} has expired (its token_ttl_s ended); its tabs are closed. Create a new one with POST /api/v1/sessions.`).withData({ rpc_code: -32005, session_id: id });

export const sessionEnded = (id: string, status: string): ApiError =>
  new ApiError(410, 'SESSION_ENDED', `Session ${id} is ${status}; its tabs are closed. Create a new one with POST /api/v1/sessions.`).withData({ rpc_code: -32005, session_id: id, status });

export const domainRestricted = (why: string): ApiError =>
  new ApiError(403, 'DOMAIN_RESTRICTED', `Navigation refused: ${why}. Change the session's policies with PATCH /api/v1/sessions/{id} if it should be allowed.`).withData({ rpc_code: -32003 });

export const permissionDenied = (what: string, policy: string): ApiError =>
  new ApiError(403, 'PERMISSION_DENIED', `${what} is not allowed in this session (policy ${policy} is false).`).withData({ rpc_code: -32002, policy });

export const rateLimited = (retryAfterMs: number, apm: number): ApiError =>
  new ApiError(429, 'RATE_LIMIT_EXCEEDED', `Rate limit: this session allows ${apm} actions per minute (rate_limit_apm). Retry in ${Math.ceil(retryAfterMs / 1000)} s.`)
    .withData({ rpc_code: -32006, retry_after_ms: retryAfterMs });

export const tooManySessions = (max: number): ApiError =>
  new ApiError(429, 'TOO_MANY_SESSIONS', `${max} sessions are open (--max-sessions ${max}). Delete one with DELETE /api/v1/sessions/{id}, or start abpd with a larger --max-sessions.`)
    .withData({ rpc_code: -32006, limit: max, flag: '--max-sessions' });

export const tooManySessionTabs = (id: string, max: number): ApiError =>
  new ApiError(429, 'TOO_MANY_TABS', `Session ${id} already has ${max} tabs (its max_tabs policy). Close one with DELETE /api/v1/tabs/{id}, or raise max_tabs with PATCH /api/v1/sessions/${id}.`)
    .withData({ rpc_code: -32006, limit: max, policy: 'max_tabs' });

export const selfOriginBlocked = (url: string): ApiError =>
  new ApiError(403, 'DOMAIN_RESTRICTED', `Navigation refused: ${url.slice(0, 200)} is abpd's own API origin, which its browser never loads (a page there could call the API). Open the viewer in your own browser; start abpd with --allow-self-view to let its browser show the viewer pages.`)
    .withData({ rpc_code: -32003, reason: 'self_origin' });
