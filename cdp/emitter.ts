// A tiny typed event emitter for cdp/ objects (pages, the browser) that daemon/ listens to.
export class Emitter<Events extends Record<string, unknown>> {
  #handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): () => void {
    let set = this.#handlers.get(event);
    if (!set) { set = new Set(); this.#handlers.set(event, set); }
    const h = handler as (payload: never) => void;
    set.add(h);
    return () => { set.delete(h); };
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#handlers.get(event);
    if (!set) return;
    for (const handler of [...set]) (handler as (p: Events[K]) => void)(payload);
  }
}
