// Which requests a tab has in flight, so settle can wait for the ones an action started.
// Fed by the page session and by every out-of-process iframe session (their requests only appear
// on their own session).
import type { Protocol } from 'devtools-protocol';
import type { CdpSession } from './connection.ts';

// Long-lived or fire-and-forget requests that never "finish" in a way a person would wait for.
const IGNORED_TYPES = new Set<string>(['WebSocket', 'EventSource', 'Ping', 'Prefetch', 'CSPViolationReport', 'SignedExchange']);

export interface TrackedRequest { requestId: string; url: string; type: string; startedAt: number; seq: number; loaderId: string }

export interface NetworkMark { seq: number }

export class NetworkTracker {
  #inflight = new Map<string, TrackedRequest>();
  #seq = 0;
  /** performance.now() of the last start or finish of a tracked request. */
  lastActivityAt = 0;
  #listeners = new Set<() => void>();

  attach(session: CdpSession): () => void {
    const offs = [
      session.on('Network.requestWillBeSent', (e) => this.#onStart(e)),
      session.on('Network.loadingFinished', (e) => this.#onEnd(e.requestId)),
      session.on('Network.loadingFailed', (e) => this.#onEnd(e.requestId)),
      // A served-from-cache or intercepted response may end without loadingFinished on some paths.
      session.on('Network.requestServedFromCache', () => this.#touch()),
    ];
    return () => { for (const off of offs) off(); };
  }

  mark(): NetworkMark { return { seq: this.#seq }; }

  /** Requests started after the mark and still in flight. */
  pendingSince(mark: NetworkMark): TrackedRequest[] {
    return [...this.#inflight.values()].filter((r) => r.seq > mark.seq);
  }

  allPending(): TrackedRequest[] { return [...this.#inflight.values()]; }

  startedSince(mark: NetworkMark): number { return this.#seq - mark.seq; }

  /** The main frame committed a new document: requests of the old one will never matter again. */
  dropOtherDocuments(loaderId: string): void {
    for (const [id, request] of this.#inflight) if (request.loaderId !== loaderId) this.#inflight.delete(id);
    this.#touch();
  }

  /** Called whenever something changes; settle uses it to wake up instead of polling. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  #onStart(e: Protocol.Network.RequestWillBeSentEvent): void {
    if (e.type && IGNORED_TYPES.has(e.type)) return;
    if (e.request.url.startsWith('data:') || e.request.url.startsWith('blob:')) return;
    // A redirect re-sends the same requestId: it is still the same request in flight.
    const existing = this.#inflight.get(e.requestId);
    if (existing) { existing.url = e.request.url; this.#touch(); return; }
    this.#seq += 1;
    this.#inflight.set(e.requestId, {
      requestId: e.requestId, url: e.request.url, type: e.type ?? 'Other',
      startedAt: performance.now(), seq: this.#seq, loaderId: e.loaderId,
    });
    this.#touch();
  }

  #onEnd(requestId: string): void {
    if (this.#inflight.delete(requestId)) this.#touch();
  }

  #touch(): void {
    this.lastActivityAt = performance.now();
    for (const listener of [...this.#listeners]) listener();
  }
}
