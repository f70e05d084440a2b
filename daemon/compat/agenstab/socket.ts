// JSON-RPC 2.0 over WebSocket at /compat/agenstab/v1/session. The upgrade is an ordinary request to
// the hono app (the security middleware has checked Host/Origin before this runs); the key comes as
// a Bearer header, a `key-<KEY>` subprotocol or a one-use `?ticket=`. One socket = the session it
// created (or attached to with `?session_id=`); closing it leaves the session running.
import { upgradeWebSocket } from '@hono/node-server';
import type { Context } from 'hono';
import type { WSContext } from 'hono/ws';
import type { WebSocket } from 'ws';
import { keyAdvice, keyFromBearer, keyFromSubprotocol, keyProblem } from '../keys.ts';
import { handleFrame } from './jsonRpc.ts';
import { invokeMethod } from './methods.ts';
import type { AgenstabSession, Notify } from './registry.ts';
import { RpcError } from './rpcErrors.ts';
import { contextFor, type SurfaceState } from './surface.ts';

export const SOCKET_PATH = '/compat/agenstab/v1/session';
/** Frames waiting behind the one being served; more is a client not reading its answers. */
const MAX_PENDING = 64;
const KEY_FORMS = '"Authorization: Bearer <key>", the WebSocket subprotocol "key-<key>", or ?ticket= from POST /compat/agenstab/api/auth/ticket';

export function rpcErrorBody(err: RpcError): Record<string, unknown> {
  return { jsonrpc: '2.0', id: null, error: err.toJson() };
}

export function unauthorizedError(reason: string, message: string): RpcError {
  return new RpcError(-32000, message, { name: 'UNAUTHORIZED', reason }, 401);
}

/** Null when the upgrade may proceed; else the refusal. */
function refuseUpgrade(c: Context, state: SurfaceState): RpcError | null {
  const ticket = c.req.query('ticket');
  if (ticket !== undefined) {
    return state.tickets.consume(ticket) ? null
      : unauthorizedError('invalid_ticket', 'The ticket is unknown, used already, or older than 60 s. Mint a new one with POST /compat/agenstab/api/auth/ticket (with your key) and connect within 60 s.');
  }
  const key = keyFromBearer(c.req.header('authorization')) ?? keyFromSubprotocol(c.req.header('sec-websocket-protocol'));
  const problem = keyProblem(key, state.config);
  return problem ? unauthorizedError(problem, keyAdvice(problem, KEY_FORMS)) : null;
}

function send(ws: WSContext<WebSocket>, text: string): void {
  if (ws.readyState !== 1) return; // closing or closed: the answer has no one to go to
  try { ws.send(text); } catch { /* the socket closed under us; nothing to tell */ }
}

export async function handleUpgrade(c: Context, state: SurfaceState): Promise<Response> {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    return c.json(rpcErrorBody(new RpcError(-32600, `This is AGENSTAB's JSON-RPC WebSocket endpoint; connect with a WebSocket client, e.g. wscat -c ws://${c.req.header('host')}${SOCKET_PATH} -H "Authorization: Bearer <key>".`)), 426);
  }
  const refusal = refuseUpgrade(c, state);
  if (refusal) {
    c.header('WWW-Authenticate', 'Bearer realm="agenstab"');
    return c.json(rpcErrorBody(refusal), 401);
  }
  let bound: AgenstabSession | null = null;
  const attachTo = c.req.query('session_id');
  if (attachTo !== undefined) {
    try { bound = state.registry.get(attachTo); } catch (err) {
      const e = err as RpcError;
      return c.json(rpcErrorBody(e), e.status as 410);
    }
  }
  const host = c.req.header('host')!;
  let notify: Notify | null = null;
  let socket: WSContext<WebSocket> | null = null;
  const bind = (session: AgenstabSession): void => {
    if (notify) bound?.listeners.delete(notify);
    bound = session;
    if (notify) session.listeners.add(notify);
  };
  const ctx = contextFor(state, host, () => {
    if (!bound) {
      throw new RpcError(-32005, 'This socket has no session yet: call browser.create_session first (or connect with ?session_id=ses_… to attach to a running one).', { reason: 'no_session' }, 410);
    }
    return state.registry.get(bound.backend.session_id);
  }, bind);
  const call = (method: string, params: unknown): Promise<unknown> => {
    if (method === 'browser.create_session' && bound && bound.status !== 'terminated' && bound.status !== 'expired') {
      return Promise.reject(new RpcError(-32600, `This socket already holds session ${bound.backend.session_id} (one socket = one session). Open another socket for a second session, or call browser.terminate_session first.`, { session_id: bound.backend.session_id }));
    }
    return invokeMethod(ctx, method, params);
  };
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;

  return upgradeWebSocket(c, {
    onOpen(_evt, ws) {
      socket = ws as WSContext<WebSocket>;
      if (ws.raw) state.sockets.add(ws.raw as WebSocket);
      notify = (method, params) => { if (socket) send(socket, JSON.stringify({ jsonrpc: '2.0', method, params })); };
      bound?.listeners.add(notify);
    },
    onMessage(evt, ws) {
      const out = ws as WSContext<WebSocket>;
      if (typeof evt.data !== 'string') {
        out.close(1003, 'binary frames are not accepted: send JSON-RPC 2.0 as text');
        return;
      }
      if (pending >= MAX_PENDING) {
        send(out, JSON.stringify(rpcErrorBody(new RpcError(-32000, `${MAX_PENDING} requests are already waiting on this socket; wait for their answers before sending more.`, { reason: 'too_many_pending' }, 429))));
        return;
      }
      const text = evt.data;
      pending += 1;
      // One frame at a time per socket: a client's [create, navigate, observe] runs in its order.
      chain = chain.then(async () => {
        try {
          const answer = await handleFrame(text, call);
          if (answer !== null) send(out, answer);
        } catch (err) {
          state.log.error(`agenstab socket: ${(err as Error)?.stack ?? err}`);
        } finally {
          pending -= 1;
        }
      });
    },
    onClose(_evt, ws) {
      if (notify) bound?.listeners.delete(notify);
      if (ws.raw) state.sockets.delete(ws.raw as WebSocket);
      socket = null;
    },
    onError(evt) {
      state.log.debug(`agenstab socket error: ${(evt as ErrorEvent).error?.message ?? 'unknown'}`);
    },
  });
}
