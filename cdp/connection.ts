// One browser connection; tabs and frames are flat sessions multiplexed over it. Every call has a
// deadline, and a closed target rejects every call still pending on it at once.
import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping.js';
import { CdpTimeoutError, ProtocolError, TargetClosedError } from './errors.ts';
import type { Transport } from './transport.ts';

export type CommandName = keyof ProtocolMapping.Commands;
export type EventName = keyof ProtocolMapping.Events;
export type CommandParams<M extends CommandName> = ProtocolMapping.Commands[M]['paramsType'][0];
export type CommandResult<M extends CommandName> = ProtocolMapping.Commands[M]['returnType'];
export type EventParams<E extends EventName> = ProtocolMapping.Events[E][0];

export const DEFAULT_CALL_TIMEOUT_MS = 15_000;

interface PendingCall {
  method: string;
  session: CdpSession;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface IncomingMessage {
  id?: number;
  sessionId?: string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string; code?: number; data?: string };
}

export interface CallOptions { timeoutMs?: number }

export class CdpSession {
  #handlers = new Map<string, Set<(params: never) => void>>();
  #closedReason: string | null = null;

  constructor(readonly connection: Connection, readonly sessionId: string | undefined) {}

  get closed(): boolean { return this.#closedReason !== null; }

  send<M extends CommandName>(method: M, ...args: undefined extends CommandParams<M>
    ? [params?: CommandParams<M>, options?: CallOptions]
    : [params: CommandParams<M>, options?: CallOptions]): Promise<CommandResult<M>> {
    const [params, options] = args;
    if (this.#closedReason !== null) return Promise.reject(new TargetClosedError(method, this.#closedReason));
    return this.connection.call(this, method, params, options?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS) as Promise<CommandResult<M>>;
  }

  /** Subscribe; returns the function that unsubscribes (call it in `finally`). */
  on<E extends EventName>(event: E, handler: (params: EventParams<E>) => void): () => void {
    let set = this.#handlers.get(event);
    if (!set) { set = new Set(); this.#handlers.set(event, set); }
    const h = handler as (params: never) => void;
    set.add(h);
    return () => { set.delete(h); };
  }

  /** Resolves with the first matching event; rejects at the deadline, on abort or when the session closes. */
  waitFor<E extends EventName>(event: E, options: { timeoutMs: number; signal?: AbortSignal;
    predicate?: (params: EventParams<E>) => boolean }): Promise<EventParams<E>> {
    return new Promise((resolve, reject) => {
      const cleanup = (): void => { off(); offClose(); clearTimeout(timer); options.signal?.removeEventListener('abort', onAbort); };
      const off = this.on(event, (params) => {
        if (options.predicate && !options.predicate(params)) return;
        cleanup(); resolve(params);
      });
      const offClose = this.onClose((reason) => { cleanup(); reject(new TargetClosedError(event, reason)); });
      const timer = setTimeout(() => { cleanup(); reject(new CdpTimeoutError(event, options.timeoutMs)); }, options.timeoutMs);
      const onAbort = (): void => { cleanup(); reject(options.signal?.reason ?? new Error('aborted')); };
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #closeHandlers = new Set<(reason: string) => void>();
  onClose(handler: (reason: string) => void): () => void {
    this.#closeHandlers.add(handler);
    return () => { this.#closeHandlers.delete(handler); };
  }

  /** @internal called by Connection */
  dispatch(method: string, params: unknown): void {
    const set = this.#handlers.get(method);
    if (!set) return;
    for (const handler of [...set]) {
      try { (handler as (p: unknown) => void)(params); } catch (err) {
        this.connection.log(`event handler for ${method} threw: ${(err as Error).stack ?? err}`);
      }
    }
  }

  /** @internal called by Connection */
  markClosed(reason: string): void {
    if (this.#closedReason !== null) return;
    this.#closedReason = reason;
    for (const handler of [...this.#closeHandlers]) handler(reason);
    this.#closeHandlers.clear();
  }
}

export class Connection {
  #nextId = 1;
  #pending = new Map<number, PendingCall>();
  #sessions = new Map<string, CdpSession>();
  #closedReason: string | null = null;
  readonly browser: CdpSession;
  onDisconnect: ((reason: string) => void) | null = null;

  constructor(readonly transport: Transport, readonly log: (line: string) => void = () => {}) {
    this.browser = new CdpSession(this, undefined);
    transport.onMessage = (message) => this.#onMessage(message);
    transport.onClose = (reason) => this.#onTransportClose(reason);
  }

  get closed(): boolean { return this.#closedReason !== null; }

  /** The session object for a flat sessionId (created on first use, e.g. from Target.attachedToTarget). */
  session(sessionId: string): CdpSession {
    let session = this.#sessions.get(sessionId);
    if (!session) { session = new CdpSession(this, sessionId); this.#sessions.set(sessionId, session); }
    return session;
  }

  call(session: CdpSession, method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    if (this.#closedReason !== null) return Promise.reject(new TargetClosedError(method, this.#closedReason));
    const id = this.#nextId++;
    // Created now so that the stack points at the caller, not at the timer or the message loop.
    const callSite = new Error();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(withStack(new CdpTimeoutError(method, timeoutMs), callSite));
      }, timeoutMs);
      this.#pending.set(id, {
        method, session, timer, resolve,
        reject: (error) => reject(withStack(error, callSite)),
      });
      const message: Record<string, unknown> = { id, method, params: params ?? {} };
      if (session.sessionId) message.sessionId = session.sessionId;
      this.transport.send(JSON.stringify(message));
    });
  }

  /**
   * Fail every call pending on a session that stays attached (its renderer crashed: those replies
   * will never come, and a reload through the same session must still work).
   */
  failPending(session: CdpSession, error: (method: string) => Error): void {
    for (const [id, call] of this.#pending) {
      if (call.session !== session) continue;
      this.#pending.delete(id);
      clearTimeout(call.timer);
      call.reject(error(call.method));
    }
  }

  /** Forget a detached session and fail whatever was still waiting on it. */
  detachSession(sessionId: string, reason: string): void {
    const session = this.#sessions.get(sessionId);
    if (!session) return;
    this.#sessions.delete(sessionId);
    for (const [id, call] of this.#pending) {
      if (call.session !== session) continue;
      this.#pending.delete(id);
      clearTimeout(call.timer);
      call.reject(new TargetClosedError(call.method, reason));
    }
    session.markClosed(reason);
  }

  close(): void {
    this.transport.close();
    this.#onTransportClose('connection closed by abpd');
  }

  #onMessage(raw: string): void {
    let message: IncomingMessage;
    try { message = JSON.parse(raw) as IncomingMessage; } catch {
      this.log(`ignored a non-JSON message from Chromium (${raw.length} bytes)`);
      return;
    }
    if (message.id !== undefined) {
      const call = this.#pending.get(message.id);
      if (!call) return; // its deadline already passed and the caller has been told
      this.#pending.delete(message.id);
      clearTimeout(call.timer);
      if (message.error) call.reject(new ProtocolError(call.method, message.error.message, message.error.code));
      else call.resolve(message.result);
      return;
    }
    if (!message.method) return;
    const session = message.sessionId ? this.#sessions.get(message.sessionId) : this.browser;
    if (message.method === 'Target.detachedFromTarget') {
      const params = message.params as { sessionId: string };
      // Dispatch first so listeners see the event, then fail the calls of the session that left.
      session?.dispatch(message.method, message.params);
      this.detachSession(params.sessionId, 'detached from target');
      return;
    }
    session?.dispatch(message.method, message.params);
  }

  #onTransportClose(reason: string): void {
    if (this.#closedReason !== null) return;
    this.#closedReason = reason;
    for (const [id, call] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(call.timer);
      call.reject(new TargetClosedError(call.method, reason));
    }
    for (const id of [...this.#sessions.keys()]) this.detachSession(id, reason);
    this.browser.markClosed(reason);
    this.onDisconnect?.(reason);
  }
}

function withStack(error: Error, callSite: Error): Error {
  const frames = callSite.stack?.split('\n').slice(1).join('\n');
  if (frames) error.stack = `${error.name}: ${error.message}\n${frames}`;
  return error;
}
