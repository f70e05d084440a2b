// The AGENSTAB view of a session: the backend session it maps to, the per-session defaults the
// vendor's observe reads (max_elements, focus_id), its status as this surface reports it, and the
// sockets that receive its notifications. Closing a socket never ends a session; terminate does.
import type { CreateSessionParams } from './params.ts';
import { vendorError } from './rpcErrors.ts';
import type { BackendSession } from './sessionPort.ts';

export type Notify = (method: string, params: Record<string, unknown>) => void;
export type SurfaceStatus = 'ready' | 'paused_hitl' | 'error' | 'expired' | 'terminated';

export interface AgenstabSession {
  readonly backend: BackendSession;
  readonly config: CreateSessionParams;
  readonly createdAt: number;
  status: SurfaceStatus;
  /** Why the status is error/expired/terminated, for the message of every later call. */
  reason?: string;
  lastUrl?: string;
  readonly listeners: Set<Notify>;
  expiryTimer?: NodeJS.Timeout;
}

/** Ended sessions are remembered (bounded) so a late call says "expired"/"terminated", not "unknown". */
const MAX_ENDED = 1000;

export class SessionRegistry {
  readonly #live = new Map<string, AgenstabSession>();
  readonly #ended = new Map<string, AgenstabSession>();

  add(backend: BackendSession, config: CreateSessionParams, onExpire: (s: AgenstabSession) => void): AgenstabSession {
    const session: AgenstabSession = { backend, config, createdAt: Date.now(), status: 'ready', listeners: new Set() };
    this.#live.set(backend.session_id, session);
    // Node timers overflow past ~24.8 days; token_ttl is capped at 7 days (params.ts).
    session.expiryTimer = setTimeout(() => onExpire(session), Math.max(0, backend.expires_at - Date.now()));
    session.expiryTimer.unref();
    return session;
  }

  /** A live session by id, or the vendor's -32005 for one that ended (or never existed: -32001-ish 404). */
  get(id: string): AgenstabSession {
    const live = this.#live.get(id);
    if (live) return live;
    const ended = this.#ended.get(id);
    if (ended) throw expiredError(ended);
    throw vendorError('SESSION_EXPIRED', `No session ${id.slice(0, 80)} exists on this daemon (it may have ended before a daemon restart). Create one with browser.create_session (REST: POST /compat/agenstab/v1/sessions).`,
      { session_id: id, reason: 'unknown_session' });
  }

  peek(id: string): AgenstabSession | undefined {
    return this.#live.get(id) ?? this.#ended.get(id);
  }

  /** Marks it ended (expired or terminated), keeps its tombstone; the caller disposes the backend. */
  end(session: AgenstabSession, status: 'expired' | 'terminated', reason: string): void {
    clearTimeout(session.expiryTimer);
    session.status = status;
    session.reason = reason;
    this.#live.delete(session.backend.session_id);
    this.#ended.set(session.backend.session_id, session);
    if (this.#ended.size > MAX_ENDED) this.#ended.delete(this.#ended.keys().next().value!);
  }

  all(): AgenstabSession[] { return [...this.#live.values()]; }

  notify(session: AgenstabSession, method: string, params: Record<string, unknown>): void {
    for (const listener of session.listeners) listener(method, { session_id: session.backend.session_id, ...params });
  }
}

export function expiredError(s: AgenstabSession) {
  const how = s.status === 'expired'
    ? `Session ${s.backend.session_id} expired: its token_ttl of ${s.config.token_ttl} s elapsed and its browser context was closed.`
    : `Session ${s.backend.session_id} was terminated (${s.reason ?? 'browser.terminate_session'}).`;
  return vendorError('SESSION_EXPIRED', `${how} Create a new one with browser.create_session.`,
    { session_id: s.backend.session_id, reason: s.status, status: s.status });
}
