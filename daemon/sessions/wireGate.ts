// The daemon's side of cdp/documentGate.ts: which documents a session's pages may load. Decided on
// the wire, so it holds for whatever started the request (link, redirect hop, window.open, form
// post, meta refresh, iframe) and for ABP's default session too (the self-origin block).
import { setDocumentGate, type DocumentRequest } from '../../cdp/documentGate.ts';
import type { ChromeBrowser } from '../../cdp/browser.ts';
import { outsideAllowlist } from './policies.ts';
import { DEFAULT_SESSION, type SessionRegistry } from './registry.ts';
import { selfOriginReason } from './selfOrigin.ts';

const installed = new WeakSet<ChromeBrowser>();

export function installWireGate(registry: SessionRegistry, browser: ChromeBrowser): void {
  if (installed.has(browser)) return;
  installed.add(browser);
  setDocumentGate(browser.connection, (req) => decide(registry, req));
}

function decide(registry: SessionRegistry, req: DocumentRequest): string | null {
  const host = registry.host;
  const sessionId = host.contextSessions.get(req.browserContextId) ?? DEFAULT_SESSION;
  const session = sessionId === DEFAULT_SESSION ? registry.defaultSession() : registry.sessions.get(sessionId);
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
  registry.events.append(sessionId, 'navigation_blocked', data);
  host.log.info(`navigation blocked in session ${sessionId}: ${req.url.slice(0, 200)} (${reason})`);
  return reason;
}
