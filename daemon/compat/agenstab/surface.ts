// What every AGENSTAB call shares, over JSON-RPC or REST: the per-daemon state (sessions, tickets,
// open sockets), the call context, and the one path an action takes to the daemon's routes — which
// is also where the session's notifications come from (page.navigated, session.paused_hitl,
// session.expired) and where a dead browser turns the session's status to `error`.
import type { Hono } from 'hono';
import type { ResolvedLlm } from '../../../agent/llm/settings.ts';
import type { WebSocket } from 'ws';
import type { Config } from '../../config.ts';
import type { Envelope } from '../../envelope.ts';
import { ApiError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { compatDispatch } from '../keys.ts';
import { DaemonCalls } from '../daemonCalls.ts';
import { expiredError, SessionRegistry, type AgenstabSession } from './registry.ts';
import { RpcError } from './rpcErrors.ts';
import { endBackendSession } from './sessionPort.ts';
import { TicketStore } from './tickets.ts';

export interface SurfaceState {
  app: Hono;
  /** The configured model (agent.md §1): browser.click {description} asks it when it takes images. */
  llm: ResolvedLlm;
  config: Config;
  log: Logger;
  registry: SessionRegistry;
  tickets: TicketStore;
  sockets: Set<WebSocket>;
  viewport: { width: number; height: number };
  /** Calls made on the daemon's own behalf (TTL expiry), with a Host the security check accepts. */
  internalCalls: DaemonCalls;
}

export interface SurfaceContext {
  state: SurfaceState;
  calls: DaemonCalls;
  /** http://<Host the caller used>, for live_url. */
  origin: string;
  viewport: { width: number; height: number };
  /** The caller's session (the socket's, or the REST path's); throws when there is none. */
  session(): AgenstabSession;
  /** JSON-RPC only: create_session binds the socket to the session it created. */
  bind?: (session: AgenstabSession) => void;
}

export function createSurfaceState(app: Hono, config: Config, log: Logger, llm: ResolvedLlm, viewport: { width: number; height: number }): SurfaceState {
  return {
    app, llm, config, log, viewport, registry: new SessionRegistry(), tickets: new TicketStore(), sockets: new Set(),
    internalCalls: new DaemonCalls(compatDispatch(app, config, `127.0.0.1:${config.port || 80}`)),
  };
}

export function contextFor(state: SurfaceState, host: string, session: () => AgenstabSession, bind?: (s: AgenstabSession) => void): SurfaceContext {
  return { state, calls: new DaemonCalls(compatDispatch(state.app, state.config, host)), origin: `http://${host}`, viewport: state.viewport, session, bind };
}

function sessionBroken(err: ApiError): boolean {
  return err.code === 'BROWSER_UNAVAILABLE' || err.code === 'TAB_NOT_FOUND';
}

/** Refuses calls on a session that cannot act (its browser went away, or it ended). */
function ensureUsable(s: AgenstabSession): void {
  if (s.status === 'expired' || s.status === 'terminated') throw expiredError(s);
  if (s.status === 'error') {
    throw new RpcError(-32000, `Session ${s.backend.session_id} is in state "error" (${s.reason}). End it with browser.terminate_session and create a new one.`,
      { session_id: s.backend.session_id, session_status: 'error' }, 503);
  }
}

/** An action route on the session's tab, with the session's bookkeeping around it. */
export async function runAction(ctx: SurfaceContext, s: AgenstabSession, route: string, body: Record<string, unknown>): Promise<Envelope> {
  ensureUsable(s);
  let envelope: Envelope;
  try {
    envelope = await ctx.calls.json<Envelope>('POST', `/tabs/${encodeURIComponent(s.backend.tab_id)}/${route}`, body);
  } catch (err) {
    // Ended while the action ran (its TTL, or a terminate on another socket): that is the answer.
    if (s.status === 'expired' || s.status === 'terminated') throw expiredError(s);
    if (err instanceof ApiError) noteFailure(ctx.state, s, err, route, ctx.origin);
    throw err;
  }
  await noteNavigation(ctx, s);
  return envelope;
}

/**
 * The held action as AGENSTAB's -32009 data (agent-apis.md §1.1.3): the approval's facts at the top
 * level, where to approve it, and no screenshot (the viewer and GET …/approvals show it).
 */
function hitlFacts(data: Record<string, unknown>, s: AgenstabSession, origin: string): Record<string, unknown> {
  const { approval, ...rest } = data as { approval?: Record<string, unknown> } & Record<string, unknown>;
  const { screenshot: _shot, held: _held, ...facts }: Record<string, unknown> = approval ?? {};
  const id = (facts.approval_id ?? rest.approval_id) as string | undefined;
  const base = `${origin}/compat/agenstab/v1/sessions/${s.backend.session_id}/hitl/${id}`;
  return { ...rest, ...facts, ...(id ? { approve_url: `${base}/approve`, deny_url: `${base}/deny` } : {}) };
}

function noteFailure(state: SurfaceState, s: AgenstabSession, err: ApiError, route: string, origin: string): void {
  const rpc = err.data?.rpc_code;
  if (err.status === 404 && err.code === 'NOT_FOUND') {
    throw new RpcError(-32601, `This build of abpd has no /tabs/{id}/${route} route (the semantic layer, semantic.md, is not in it).`, { reason: 'not_in_this_build', route }, 501);
  }
  if (rpc === -32009 || err.code === 'HITL_THRESHOLD_EXCEEDED' || err.code === 'HITL_PENDING') {
    s.status = 'paused_hitl';
    err.data = hitlFacts(err.data ?? {}, s, origin);
    const id = err.data.approval_id;
    if (typeof id === 'string') err.message = `${err.message} AGENSTAB: browser.approve {"approval_id": "${id}"} runs it once, browser.deny drops it (REST: POST data.approve_url / data.deny_url).`;
    if (err.code !== 'HITL_PENDING') state.registry.notify(s, 'session.paused_hitl', { ...err.data, rpc_code: undefined });
  } else if (rpc === -32005 || err.code === 'SESSION_EXPIRED') {
    void endSession(state, s, 'expired');
  } else if (sessionBroken(err)) {
    s.status = 'error';
    s.reason = `its browser went away: ${err.message}`;
    err.withData({ session_id: s.backend.session_id, session_status: 'error' });
  }
}

async function noteNavigation(ctx: SurfaceContext, s: AgenstabSession): Promise<void> {
  const reply = await ctx.calls.reply('GET', `/tabs/${encodeURIComponent(s.backend.tab_id)}`);
  const tab = reply.json as { url?: string; title?: string } | undefined;
  if (reply.status !== 200 || typeof tab?.url !== 'string') return;
  if (s.lastUrl !== undefined && s.lastUrl !== tab.url) ctx.state.registry.notify(s, 'page.navigated', { url: tab.url, title: tab.title ?? '' });
  if (s.lastUrl === undefined && tab.url !== 'about:blank') ctx.state.registry.notify(s, 'page.navigated', { url: tab.url, title: tab.title ?? '' });
  s.lastUrl = tab.url;
}

/** Terminate or expire: the backend session is closed, every attached socket told (expired). */
export async function endSession(state: SurfaceState, s: AgenstabSession, how: 'expired' | 'terminated'): Promise<void> {
  if (s.status === 'expired' || s.status === 'terminated') return;
  // Ended first (every call from now on is -32005), closed next, told last: a client that hears
  // session.expired finds the context gone.
  state.registry.end(s, how, how === 'expired' ? 'token_ttl elapsed' : 'browser.terminate_session');
  try {
    await endBackendSession(state.internalCalls, s.backend);
  } catch (err) {
    state.log.error(`agenstab: closing session ${s.backend.session_id}: ${(err as Error).message}`);
  }
  if (how === 'expired') state.registry.notify(s, 'session.expired', { reason: 'token_ttl', token_ttl: s.config.token_ttl });
}
