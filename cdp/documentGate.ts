// The wire-level gate for documents: every Document request of every page and out-of-process frame
// is already paused by Fetch (httpAuth.ts matches Documents only); before it is continued, the gate
// the daemon installed for this connection decides whether it may load. A refused request fails
// with BlockedByClient, so a link click, a redirect hop, window.open, a form post, a meta refresh or
// an iframe all stop at the same place, whatever started them. cdp/ knows nothing of policies: it
// labels each session with its page and browser context, and asks.
import type { Protocol } from 'devtools-protocol';
import type { CdpSession, Connection } from './connection.ts';

export interface SessionLabel { pageTargetId: string; browserContextId: string; openerId?: string }

export interface DocumentRequest extends SessionLabel {
  url: string;
  frameId: string;
  /** The page's main frame (a top-level navigation or a popup's first document). */
  isMainFrame: boolean;
  resourceType: string;
  method: string;
  requestId: string;
  /** The network request id (one request paused twice, by two interception layers, shares it). */
  networkId?: string;
}

/** A reason string blocks the request (reported back to the gate's owner); null lets it through. */
export type DocumentGate = (request: DocumentRequest) => string | null;

const gates = new WeakMap<Connection, DocumentGate>();
const labels = new WeakMap<CdpSession, SessionLabel>();

export function setDocumentGate(connection: Connection, gate: DocumentGate | null): void {
  if (gate) gates.set(connection, gate); else gates.delete(connection);
}

export function labelSession(session: CdpSession, label: SessionLabel): void { labels.set(session, label); }
export function labelOf(session: CdpSession): SessionLabel | undefined { return labels.get(session); }

/**
 * The gate's verdict for a paused request. A page session's own frame id equals its target id for
 * the main frame; an out-of-process frame's session is never the main frame.
 */
export function gateVerdict(session: CdpSession, e: Protocol.Fetch.RequestPausedEvent): string | null {
  const gate = gates.get(session.connection);
  const label = labels.get(session);
  if (!gate || !label) return null;
  if (e.responseStatusCode !== undefined || e.responseErrorReason !== undefined) return null; // response stage: checked at request
  try {
    return gate({ ...label, url: e.request.url, frameId: e.frameId, isMainFrame: e.frameId === label.pageTargetId,
      resourceType: e.resourceType, method: e.request.method, requestId: e.requestId, ...(e.networkId ? { networkId: e.networkId } : {}) });
  } catch {
    return 'the daemon could not check this request';
  }
}

/**
 * Documents answered by abpd itself, without the network, on one page session: a profile's
 * localStorage is written from a blank page of its origin (a storage area needs a frame there).
 */
const fulfilled = new WeakMap<CdpSession, (url: string) => boolean>();
export function fulfillDocuments(session: CdpSession, wanted: ((url: string) => boolean) | null): void {
  if (wanted) fulfilled.set(session, wanted); else fulfilled.delete(session);
}
export function shouldFulfill(session: CdpSession, e: Protocol.Fetch.RequestPausedEvent): boolean {
  return e.responseStatusCode === undefined && fulfilled.get(session)?.(e.request.url) === true;
}
