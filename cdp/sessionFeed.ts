// Events a page reports before daemon/ has adopted it (a popup runs as soon as its set-up is sent)
// would be lost: a feed starts listening with the set-up calls and holds what arrives (bounded)
// until its subscriber comes.
import type { CdpSession } from './connection.ts';

const MAX_HELD = 200;

export class SessionFeed<T> {
  readonly #state = new WeakMap<CdpSession, { held: T[]; handler?: (value: T) => void }>();

  /** Returns true the first time for a session (the caller then registers its CDP listeners). */
  start(session: CdpSession): boolean {
    if (this.#state.has(session)) return false;
    this.#state.set(session, { held: [] });
    return true;
  }

  push(session: CdpSession, value: T): void {
    const state = this.#state.get(session);
    if (!state) return;
    if (state.handler) state.handler(value);
    else if (state.held.length < MAX_HELD) state.held.push(value);
  }

  subscribe(session: CdpSession, handler: (value: T) => void): () => void {
    let state = this.#state.get(session);
    if (!state) { state = { held: [] }; this.#state.set(session, state); }
    state.handler = handler;
    for (const value of state.held.splice(0)) handler(value);
    return () => { if (state.handler === handler) state.handler = undefined; };
  }
}
