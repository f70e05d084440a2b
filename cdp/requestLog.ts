// The per-tab request log DevTools users expect (issue 24): every request the page and its
// out-of-process frames made, with status, timing, sizes, initiator and the abpd action that was
// running when it started. Bodies are not kept: they are read from Chromium on demand (capped).
// The log survives navigations (DevTools' "preserve log") and keeps the last MAX_ENTRIES.
import type { Protocol } from 'devtools-protocol';
import type { CdpSession } from './connection.ts';

const MAX_ENTRIES = 1_000;

export interface ActionRef { action_id: string; type: string }

export interface RequestEntry {
  /** abpd's id for this entry (increasing per tab; `after_id` pages on it). */
  id: number;
  /** Chromium's requestId (a redirect chain shares one; each hop is its own entry here). */
  cdp_request_id: string;
  method: string;
  url: string;
  /** Chromium's resource type: Document, Stylesheet, Image, Script, XHR, Fetch, Font, Other… */
  type: string;
  /** HTTP status; 0 while in flight or when the request failed before a response. */
  status: number;
  status_text: string;
  state: 'pending' | 'finished' | 'failed' | 'redirected';
  error?: string;
  blocked_reason?: string;
  mime_type?: string;
  protocol?: string;
  remote_address?: string;
  from_cache: boolean;
  /** Epoch ms when the request was sent. */
  started_at: number;
  /** ms from start to the response headers and to the end (the daemon's clock); phases from Chromium's timing. */
  timing: { response_ms?: number; total_ms?: number; dns_ms?: number; connect_ms?: number; ssl_ms?: number; send_ms?: number; wait_ms?: number };
  /** Bytes on the wire (headers + body) and the decoded body size. */
  sizes: { transfer_bytes: number; body_bytes: number };
  initiator: { type: string; url?: string; line?: number };
  /** The abpd action running when the request started (null: the page started it on its own). */
  action: ActionRef | null;
  frame_id?: string;
  request_headers: Record<string, string>;
  response_headers?: Record<string, string>;
  has_post_data: boolean;
}

/** Times are the daemon's clock: under virtual time the events' own timestamps mix two clocks (measured: a negative total). */
interface Live { entry: RequestEntry; session: CdpSession; monotonicStart: number }

export interface RequestFilter { afterId?: number; types?: string[]; status?: string }

export class RequestLog {
  #entries: RequestEntry[] = [];
  #live = new Map<string, Live>();
  #byId = new Map<number, Live>();
  #nextId = 1;
  /** Set by the action pipeline for the duration of an action's input and settle. */
  currentAction: ActionRef | null = null;

  attach(session: CdpSession): void {
    session.on('Network.requestWillBeSent', (e) => this.#onStart(session, e));
    session.on('Network.responseReceived', (e) => this.#onResponse(e));
    session.on('Network.dataReceived', (e) => { const l = this.#live.get(e.requestId); if (l) l.entry.sizes.body_bytes += e.dataLength; });
    session.on('Network.requestServedFromCache', (e) => { const l = this.#live.get(e.requestId); if (l) l.entry.from_cache = true; });
    session.on('Network.loadingFinished', (e) => this.#onEnd(e.requestId, 'finished', e.encodedDataLength));
    session.on('Network.loadingFailed', (e) => {
      const l = this.#live.get(e.requestId);
      if (l) { l.entry.error = e.errorText; if (e.blockedReason) l.entry.blocked_reason = e.blockedReason; }
      this.#onEnd(e.requestId, 'failed');
    });
  }

  list(filter: RequestFilter = {}): RequestEntry[] {
    const types = filter.types?.map((t) => t.toLowerCase());
    return this.#entries.filter((e) => (filter.afterId === undefined || e.id > filter.afterId)
      && (!types || types.includes(e.type.toLowerCase()))
      && (filter.status === undefined || statusMatches(e, filter.status)));
  }

  get(id: number): RequestEntry | undefined { return this.#byId.get(id)?.entry; }

  /** The response body from Chromium (it keeps bodies in a bounded buffer: old ones may be gone). */
  async body(id: number, maxBytes: number): Promise<{ body: string; base64: boolean; truncated: boolean; size: number } | { unavailable: string }> {
    const live = this.#byId.get(id);
    if (!live) return { unavailable: 'no such request' };
    if (live.entry.state !== 'finished') return { unavailable: `the request is ${live.entry.state}; only finished requests have a body` };
    try {
      const r = await live.session.send('Network.getResponseBody', { requestId: live.entry.cdp_request_id }, { timeoutMs: 5_000 });
      const bytes = r.base64Encoded ? Buffer.from(r.body, 'base64') : Buffer.from(r.body, 'utf8');
      const truncated = bytes.length > maxBytes;
      const kept = truncated ? bytes.subarray(0, maxBytes) : bytes;
      return r.base64Encoded
        ? { body: kept.toString('base64'), base64: true, truncated, size: bytes.length }
        : { body: kept.toString('utf8'), base64: false, truncated, size: bytes.length };
    } catch (err) {
      return { unavailable: (err as Error).message };
    }
  }

  #onStart(session: CdpSession, e: Protocol.Network.RequestWillBeSentEvent): void {
    const previous = this.#live.get(e.requestId);
    if (previous && e.redirectResponse) {
      this.#applyResponse(previous, e.redirectResponse);
      this.#onEnd(e.requestId, 'redirected');
    }
    const entry: RequestEntry = {
      id: this.#nextId++, cdp_request_id: e.requestId, method: e.request.method, url: e.request.url + (e.request.urlFragment ?? ''),
      type: e.type ?? 'Other', status: 0, status_text: '', state: 'pending', from_cache: false,
      started_at: Math.round(e.wallTime * 1000), timing: {}, sizes: { transfer_bytes: 0, body_bytes: 0 },
      initiator: { type: e.initiator.type, ...(e.initiator.url ? { url: e.initiator.url } : {}),
        ...(e.initiator.lineNumber !== undefined ? { line: e.initiator.lineNumber } : {}),
        ...(!e.initiator.url && e.initiator.stack?.callFrames[0] ? { url: e.initiator.stack.callFrames[0].url, line: e.initiator.stack.callFrames[0].lineNumber } : {}) },
      action: this.currentAction, ...(e.frameId ? { frame_id: e.frameId } : {}),
      request_headers: { ...e.request.headers }, has_post_data: e.request.hasPostData === true,
    };
    const live: Live = { entry, session, monotonicStart: performance.now() };
    this.#live.set(e.requestId, live);
    this.#byId.set(entry.id, live);
    this.#entries.push(entry);
    if (this.#entries.length > MAX_ENTRIES) {
      const dropped = this.#entries.shift()!;
      this.#byId.delete(dropped.id);
    }
  }

  #onResponse(e: Protocol.Network.ResponseReceivedEvent): void {
    const live = this.#live.get(e.requestId);
    if (!live) return;
    this.#applyResponse(live, e.response);
    live.entry.timing.response_ms = round(performance.now() - live.monotonicStart);
  }

  #applyResponse(live: Live, r: Protocol.Network.Response): void {
    const entry = live.entry;
    entry.status = r.status;
    entry.status_text = r.statusText;
    entry.mime_type = r.mimeType;
    if (r.protocol) entry.protocol = r.protocol;
    if (r.remoteIPAddress) entry.remote_address = `${r.remoteIPAddress}:${r.remotePort ?? ''}`;
    if (r.fromDiskCache || r.fromPrefetchCache) entry.from_cache = true;
    entry.response_headers = { ...r.headers };
    const t = r.timing;
    if (t) {
      const span = (a: number, b: number): number | undefined => (a >= 0 && b >= 0 ? round(b - a) : undefined);
      const phases = {
        dns_ms: span(t.dnsStart, t.dnsEnd), connect_ms: span(t.connectStart, t.connectEnd), ssl_ms: span(t.sslStart, t.sslEnd),
        send_ms: span(t.sendStart, t.sendEnd), wait_ms: span(t.sendEnd, t.receiveHeadersEnd),
      };
      for (const [k, v] of Object.entries(phases)) if (v !== undefined && v >= 0) (entry.timing as Record<string, number>)[k] = v;
    }
  }

  #onEnd(requestId: string, state: 'finished' | 'failed' | 'redirected', encoded?: number): void {
    const live = this.#live.get(requestId);
    if (!live) return;
    live.entry.state = state;
    live.entry.timing.total_ms = round(performance.now() - live.monotonicStart);
    if (encoded !== undefined) live.entry.sizes.transfer_bytes = encoded;
    this.#live.delete(requestId);
  }
}

/** `200`, `4xx`, `failed`, `pending`. */
function statusMatches(e: RequestEntry, wanted: string): boolean {
  if (wanted === 'failed' || wanted === 'pending' || wanted === 'redirected') return e.state === wanted;
  if (/^\dxx$/i.test(wanted)) return Math.floor(e.status / 100) === Number(wanted[0]);
  return String(e.status) === wanted;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
