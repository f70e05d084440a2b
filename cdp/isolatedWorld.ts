// abpd's own isolated world per frame: scripts there share the DOM with the page but not its
// globals or prototypes, so a page cannot observe (or fake) what abpd reads. Chromium 156 answers a
// repeated Page.createIsolatedWorld with the same name with the same context (measured), so the id is
// cached only to save that round trip per frame, until Chromium reports the context gone
// (navigation, frame detach) or an evaluation finds it stale.
import type { CdpSession } from './connection.ts';
import { ProtocolError } from './errors.ts';

const WORLD_NAME = '__abpd_markup';

class WorldCache {
  readonly contexts = new Map<string, Promise<number>>();

  constructor(session: CdpSession) {
    session.on('Runtime.executionContextDestroyed', (e) => this.#forget(e.executionContextId));
    session.on('Runtime.executionContextsCleared', () => this.contexts.clear());
  }

  #forget(contextId: number): void {
    for (const [frameId, pending] of this.contexts) {
      // A context that failed to be created is dropped by its caller; only settled ids are compared here.
      void pending.then((id) => { if (id === contextId && this.contexts.get(frameId) === pending) this.contexts.delete(frameId); }, () => undefined);
    }
  }
}

const caches = new WeakMap<CdpSession, WorldCache>();

function cacheOf(session: CdpSession): WorldCache {
  let cache = caches.get(session);
  if (!cache) { cache = new WorldCache(session); caches.set(session, cache); }
  return cache;
}

/** The execution context id of abpd's world in `frameId`, created on first use. */
export function worldContext(session: CdpSession, frameId: string, timeoutMs: number): Promise<number> {
  const cache = cacheOf(session);
  let pending = cache.contexts.get(frameId);
  if (!pending) {
    pending = session.send('Page.createIsolatedWorld', { frameId, worldName: WORLD_NAME }, { timeoutMs }).then((r) => r.executionContextId);
    cache.contexts.set(frameId, pending);
    pending.catch(() => { if (cache.contexts.get(frameId) === pending) cache.contexts.delete(frameId); });
  }
  return pending;
}

/** Forget the cached world of `frameId` (its context was found gone before the event arrived). */
export function dropWorld(session: CdpSession, frameId: string): void { cacheOf(session).contexts.delete(frameId); }

const isStaleContext = (err: unknown): boolean => err instanceof ProtocolError && /context/i.test(err.protocolMessage);

/** Evaluates `expression` by value in abpd's world of `frameId`; recreates the world once if it went stale. */
export async function evaluateInWorld(session: CdpSession, frameId: string, expression: string, timeoutMs: number): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    const contextId = await worldContext(session, frameId, timeoutMs);
    try {
      const r = await session.send('Runtime.evaluate', { expression, contextId, returnByValue: true, silent: true }, { timeoutMs });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
      return r.result.value;
    } catch (err) {
      if (attempt > 0 || !isStaleContext(err)) throw err;
      dropWorld(session, frameId);
    }
  }
}
