// Request blocking and mocking rules per tab (issue 24 "Network": POST /tabs/{id}/network/rules).
// They ride on the one Fetch interception the page already has (httpAuth.ts pauses Documents for
// the sessions' wire gate): their URL patterns are added to its Fetch.enable patterns, and its
// requestPaused handler asks ruleFor() after the gate, so a session policy still refuses first.
// Keyed by the page's target id (documentGate's session label), so out-of-process frames of the
// tab follow the same rules.
import type { Protocol } from 'devtools-protocol';
import type { CdpSession } from './connection.ts';
import { labelOf } from './documentGate.ts';

export interface RequestRule {
  /** Fetch's wildcard pattern: `*` any characters, `?` one; matched against the whole URL. */
  url_pattern: string;
  action: 'block' | 'fulfill';
  /** Only requests of this resource type (Document, Script, Fetch, XHR, Image…). */
  resource_type?: string;
  status?: number;
  body?: string;
  content_type?: string;
  headers?: Record<string, string>;
}

interface Compiled { rule: RequestRule; re: RegExp; hits: number }

const rulesByPage = new Map<string, Compiled[]>();

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

export function setRules(pageTargetId: string, rules: RequestRule[]): void {
  if (rules.length === 0) rulesByPage.delete(pageTargetId);
  else rulesByPage.set(pageTargetId, rules.map((rule) => ({ rule, re: globToRegExp(rule.url_pattern), hits: 0 })));
}

export function rulesOf(pageTargetId: string): (RequestRule & { hits: number })[] {
  return (rulesByPage.get(pageTargetId) ?? []).map((c) => ({ ...c.rule, hits: c.hits }));
}

/** Extra Fetch.enable patterns for this session's page (one per rule). */
export function rulePatterns(session: CdpSession): Protocol.Fetch.RequestPattern[] {
  const page = labelOf(session)?.pageTargetId;
  const rules = page ? rulesByPage.get(page) : undefined;
  return (rules ?? []).map((c) => ({ urlPattern: c.rule.url_pattern, requestStage: 'Request' as const,
    ...(c.rule.resource_type ? { resourceType: c.rule.resource_type as Protocol.Network.ResourceType } : {}) }));
}

/** The first rule matching a paused request (request stage only). */
export function ruleFor(session: CdpSession, e: Protocol.Fetch.RequestPausedEvent): RequestRule | undefined {
  if (e.responseStatusCode !== undefined || e.responseErrorReason !== undefined) return undefined;
  const page = labelOf(session)?.pageTargetId;
  const found = (page ? rulesByPage.get(page) : undefined)?.find((c) => c.re.test(e.request.url)
    && (!c.rule.resource_type || c.rule.resource_type === e.resourceType));
  if (found) found.hits += 1;
  return found?.rule;
}

/** The CDP call that answers a paused request as the rule says. */
export function applyRule(session: CdpSession, requestId: string, rule: RequestRule): Promise<unknown> {
  if (rule.action === 'block') return session.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
  const headers: Record<string, string> = { 'Content-Type': rule.content_type ?? 'text/plain; charset=utf-8', 'Access-Control-Allow-Origin': '*', ...(rule.headers ?? {}) };
  return session.send('Fetch.fulfillRequest', { requestId, responseCode: rule.status ?? 200,
    responseHeaders: Object.entries(headers).map(([name, value]) => ({ name, value })), body: Buffer.from(rule.body ?? '').toString('base64') });
}
