// HTTP auth challenges are cancelled (the page shows the server's 401 body, as when a person
// presses Cancel) and reported. Fetch only reports challenges for requests that match its patterns,
// and every matching request is paused for one round trip through abpd, so only documents (pages
// and frames, where sites ask for credentials) are matched: subresources pay nothing.
// Measured here: 100 sequential fetches took ~500 ms with a '*' pattern vs ~250 ms without Fetch.
// The handlers are registered with Fetch.enable itself: a popup's first request is paused before
// daemon/ has adopted the page, and a paused navigation would hold the page's set-up forever.
import type { CdpSession } from './connection.ts';
import { bestEffort } from './bestEffort.ts';
import { wantsResponseLook } from './downloads.ts';
import { SessionFeed } from './sessionFeed.ts';
import { gateVerdict, shouldFulfill } from './documentGate.ts';
import { applyRule, ruleFor, rulePatterns } from './requestRules.ts';

export interface AuthChallenge { scheme: string; realm: string; host: string; isProxy: boolean; path: string; url: string }

const challenges = new SessionFeed<AuthChallenge>();

export function httpAuthSetupCalls(session: CdpSession, log: (line: string) => void = () => {}): Promise<unknown>[] {
  if (challenges.start(session)) {
    session.on('Fetch.requestPaused', (e) => {
      if (shouldFulfill(session, e)) {
        bestEffort(session.send('Fetch.fulfillRequest', { requestId: e.requestId, responseCode: 200,
          responseHeaders: [{ name: 'Content-Type', value: 'text/html' }], body: Buffer.from('<!doctype html><title></title>').toString('base64') }),
        'the request may have been cancelled meanwhile', log);
        return;
      }
      if (gateVerdict(session, e) !== null) {
        bestEffort(session.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'BlockedByClient' }),
          'the request may have been cancelled meanwhile', log);
        return;
      }
      // Per-tab blocking/mocking rules (requestRules.ts), after the gate: a session policy refuses first.
      const rule = ruleFor(session, e);
      if (rule) { bestEffort(applyRule(session, e.requestId, rule), 'the request may have been cancelled meanwhile', log); return; }
      bestEffort(session.send('Fetch.continueRequest', { requestId: e.requestId, ...(wantsResponseLook(e) ? { interceptResponse: true } : {}) }),
        'the request may have been cancelled meanwhile', log);
    });
    session.on('Fetch.authRequired', (e) => {
      bestEffort(session.send('Fetch.continueWithAuth', { requestId: e.requestId, authChallengeResponse: { response: 'CancelAuth' } }),
        'the request may have been cancelled meanwhile', log);
      let host = e.authChallenge.origin;
      let path = '';
      try { const u = new URL(e.request.url); host = u.host; path = u.pathname; } catch { /* keep the origin as the host */ }
      challenges.push(session, { scheme: e.authChallenge.scheme, realm: e.authChallenge.realm, host, isProxy: e.authChallenge.source === 'Proxy', path, url: e.request.url });
    });
  }
  return [session.send('Fetch.enable', { handleAuthRequests: true, patterns: fetchPatterns(session) })];
}

/** Sub-resources a session may have checked against its allowlist too (WebSocket handshakes are not
 *  seen by Fetch). Each one then costs a round trip through abpd. */
const SUBRESOURCE_TYPES = ['Script', 'XHR', 'Fetch', 'EventSource'] as const;

/** Whether a session's sub-resources are paused too (the allowlist policy); Fetch.enable replaces
 *  all patterns at once, so every caller re-sends the whole set (documents, sub-resources, rules). */
const subresourcesOn = new WeakMap<CdpSession, boolean>();

function fetchPatterns(session: CdpSession) {
  const types = subresourcesOn.get(session) ? ['Document', ...SUBRESOURCE_TYPES] as const : ['Document'] as const;
  return [...types.map((resourceType) => ({ urlPattern: '*', resourceType, requestStage: 'Request' as const })), ...rulePatterns(session)];
}

/** Pauses (and so gates) sub-resource requests of this page or frame too, or stops doing so. */
export function interceptSubresources(session: CdpSession, on: boolean): Promise<unknown> {
  subresourcesOn.set(session, on);
  return refreshFetchPatterns(session);
}

/** Re-sends the session's interception patterns (after its tab's request rules changed). */
export function refreshFetchPatterns(session: CdpSession): Promise<unknown> {
  return session.send('Fetch.enable', { handleAuthRequests: true, patterns: fetchPatterns(session) });
}

export function onHttpAuth(session: CdpSession, handler: (challenge: AuthChallenge) => void): () => void {
  return challenges.subscribe(session, handler);
}
