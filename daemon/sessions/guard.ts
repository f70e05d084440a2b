// Session policies on actions (sessions.md §3), checked by the runner before an action is queued,
// for every route that runs one: ABP's tab routes on a session's tab obey the same rules. Each
// refusal is the spec's answer plus a `policy_refused` entry in the session's log; none ends it.
import type { ApiError } from '../errors.ts';
import type { ActionGuard } from '../runner.ts';
import type { Tab } from '../tab.ts';
import { domainRestricted, permissionDenied, rateLimited, selfOriginBlocked } from './errors.ts';
import { outsideAllowlist } from './policies.ts';
import type { SessionRegistry } from './registry.ts';
import type { Session } from './session.ts';
import { selfOriginReason } from './selfOrigin.ts';
import { hitlCheck } from './hitl.ts';

/** Reads that change nothing are not counted by rate_limit_apm (spec: observe is exempt). */
const RATE_EXEMPT = new Set(['screenshot', 'observe', 'wait', 'wait_for_network']);

export function refuse(registry: SessionRegistry, session: Session, tab: Tab | null, error: ApiError, policy: string, extra: Record<string, unknown> = {}): never {
  registry.events.append(session.id, 'policy_refused', {
    policy, code: error.code, status: error.status, message: error.message, ...(tab ? { tab_id: tab.id } : {}), ...extra,
  });
  throw error;
}

/** The navigate check, also used by POST /tabs {url} and a session's start_url. */
export function checkNavigation(registry: SessionRegistry, session: Session, tab: Tab | null, url: string): void {
  const host = registry.host;
  if (selfOriginReason(url, host.listenPort, host.config)) refuse(registry, session, tab, selfOriginBlocked(url), 'self_origin', { url });
  const why = outsideAllowlist(session.policies, url);
  if (why) refuse(registry, session, tab, domainRestricted(why), session.policies.allowed_urls ? 'allowed_urls' : 'domain_allowlist', { url });
}

export function sessionGuard(registry: SessionRegistry): ActionGuard {
  return async (tab, def, params, options) => {
    const session = tab.sessionId === 'default' ? registry.defaultSession() : registry.get(tab.sessionId);
    const p = session.policies;
    if (def.type === 'execute' && !p.allow_js_eval) refuse(registry, session, tab, permissionDenied('JavaScript evaluation (execute)', 'allow_js_eval'), 'allow_js_eval');
    // Cancelling stays possible: the page's chooser must be closed either way.
    if (def.type === 'file_chooser' && !p.allow_file_upload && params.cancel !== true) refuse(registry, session, tab, permissionDenied('Uploading files', 'allow_file_upload'), 'allow_file_upload');
    if (def.type === 'navigate' && typeof params.url === 'string') checkNavigation(registry, session, tab, params.url);
    if (!options.approved && !def.readOnly && !RATE_EXEMPT.has(def.type)) {
      const waitMs = session.takeToken();
      if (waitMs > 0) refuse(registry, session, tab, rateLimited(waitMs, p.rate_limit_apm), 'rate_limit_apm', { retry_after_ms: waitMs });
    }
    if (!options.approved) await hitlCheck(registry, session, tab, def, params);
  };
}
