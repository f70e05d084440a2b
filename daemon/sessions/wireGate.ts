// The daemon's side of cdp/documentGate.ts: which documents a session's pages may load. Decided on
// the wire, so it holds for whatever started the request (link, redirect hop, window.open, form
// post, meta refresh, iframe) and for ABP's default session too (the self-origin block).
import { setDocumentGate, type DocumentRequest } from '../../cdp/documentGate.ts';
import type { ChromeBrowser } from '../../cdp/browser.ts';
import { outsideAllowlist } from './policies.ts';
import { DEFAULT_SESSION, type SessionRegistry } from './registry.ts';
import { selfOriginReason } from './selfOrigin.ts';

const installed = new WeakSet<ChromeBrowser>();

/** Event data logged when it happened: the envelope that later carries it does not log it again. */
export const loggedAlready = new WeakSet<object>();
function logNow(registry: SessionRegistry, sessionId: string, type: string, data: Record<string, unknown>): void {
  loggedAlready.add(data);
  registry.events.append(sessionId, type, data);
}

export function installWireGate(registry: SessionRegistry, browser: ChromeBrowser): void {
  if (installed.has(browser)) return;
  installed.add(browser);
  setDocumentGate(browser.connection, (req) => decide(registry, req));
}

function decide(registry: SessionRegistry, req: DocumentRequest): string | null {
  const host = registry.host;
  const sessionId = host.contextSessions.get(req.browserContextId) ?? DEFAULT_SESSION;
  const session = sessionId === DEFAULT_SESSION ? registry.peekDefault() : registry.sessions.get(sessionId);
  if (req.resourceType !== 'Document') return subresource(registry, sessionId, req);
  let reason = selfOriginReason(req.url, host.listenPort, host.config);
  if (!reason && session) reason = outsideAllowlist(session.policies, req.url);
  if (!reason) return null;
  const data = {
    url: req.url.slice(0, 2048), frame: req.isMainFrame ? 'main' : 'subframe', frame_id: req.frameId,
    tab_id: req.pageTargetId, reason, resource_type: req.resourceType,
  };
  // The tab's next envelope carries it; a popup not yet adopted reports to the tab that opened it.
  const tab = host.tabs.get(req.pageTargetId) ?? (req.openerId ? host.tabs.get(req.openerId) : undefined);
  tab?.pushEvent('navigation_blocked', data);
  logNow(registry, sessionId, 'navigation_blocked', data);
  host.log.info(`navigation blocked in session ${sessionId}: ${req.url.slice(0, 200)} (${reason})`);
  return reason;
}

const blockedCounts = new Map<string, number>();

/** block_subresources_outside_allowlist: the request fails; the event counts them per tab. */
function subresource(registry: SessionRegistry, sessionId: string, req: DocumentRequest): string | null {
  const session = sessionId === DEFAULT_SESSION ? null : registry.sessions.get(sessionId);
  if (!session?.policies.block_subresources_outside_allowlist) return null;
  const reason = outsideAllowlist(session.policies, req.url);
  if (!reason) return null;
  const count = (blockedCounts.get(req.pageTargetId) ?? 0) + 1;
  blockedCounts.set(req.pageTargetId, count);
  if (blockedCounts.size > 10_000) blockedCounts.delete(blockedCounts.keys().next().value!);
  const data = { url: req.url.slice(0, 2048), resource_type: req.resourceType, tab_id: req.pageTargetId, frame_id: req.frameId, reason, blocked_count: count };
  registry.host.tabs.get(req.pageTargetId)?.pushEvent('request_blocked', data);
  logNow(registry, sessionId, 'request_blocked', data);
  return reason;
}
