// /api/v1/sessions (sessions.md §2): create, list, read, change and end sessions; their event log
// as polling (SSE on the same path lives in sse.ts).
import { bestEffort } from '../../cdp/bestEffort.ts';
import { checkNavigableUrl } from '../actions/navigation.ts';
import { ApiError, invalidParams } from '../errors.ts';
import type { RouteDef } from '../routes/types.ts';
import type { Tab } from '../tab.ts';
import { checkNavigation } from './guard.ts';
import { LIVE_POLICIES, outsideAllowlist, withDefaults, type Policies } from './policies.ts';
import { DEFAULT_SESSION, sessionsOf, type SessionRegistry } from './registry.ts';
import { createSessionBody, deleteSessionQuery, eventsQuery, listSessionsQuery, patchSessionBody } from './schemas.ts';
import type { z } from 'zod';
import { applyDownloadPolicy } from './downloads.ts';
import { domainRestricted, sessionNotFound } from './errors.ts';
import { checkProfile } from './profiles.ts';
import { applySubresourcePolicy } from './tabSetup.ts';

export function tabSummary(tab: Tab): Record<string, unknown> {
  return { id: tab.id, url: tab.page.url, title: tab.page.title, loading: tab.page.loading };
}

/** Starts loading without waiting (as POST /tabs does); the allowlist was checked by the caller. */
export function startLoading(tab: Tab, url: string, log: (line: string) => void): void {
  if (url === 'about:blank') return;
  bestEffort(tab.page.session.send('Page.navigate', { url, transitionType: 'typed' }), 'the first load is not waited for', log);
  tab.pumpWhileLoading(true);
}

function full(registry: SessionRegistry, id: string): Record<string, unknown> {
  const session = registry.get(id);
  return { ...registry.record(session), tabs: registry.tabsOf(session).map(tabSummary), task: session.task };
}

/** The id of a session whose log may be read: live, ended in this run, or from an earlier run. */
function knownSession(registry: SessionRegistry, id: string): string {
  if (id === DEFAULT_SESSION || registry.sessions.has(id)) return id;
  for (const s of registry.sessions.values()) if (s.aliases.has(id)) return s.id;
  if (registry.events.loadRecord(id)) return id;
  throw sessionNotFound(id);
}

export const sessionRoutes: RouteDef[] = [
  {
    name: 'create_session', method: 'POST', path: '/sessions', kind: 'query', body: createSessionBody,
    summary: 'Create a session: a browser context of its own with policies, and one tab.',
    async handle(req, { host, config }) {
      const body = req.body as z.infer<typeof createSessionBody>;
      const registry = sessionsOf(host);
      const policies = withDefaults(body.policies);
      const startUrl = body.start_url ? checkNavigableUrl(body.start_url, config.allowFileAccess) : 'about:blank';
      if (body.profile_read_only && !body.profile_id) throw invalidParams('profile_read_only: needs profile_id (the profile to read)');
      if (body.profile_id) checkProfile(registry, body.profile_id, body.profile_read_only ?? false);
      if (startUrl !== 'about:blank') {
        checkNavigation(registry, registry.defaultSession(), null, startUrl); // the self-origin block
        const why = outsideAllowlist(policies, startUrl);
        if (why) throw domainRestricted(`start_url: ${why}`);
      }
      const proxy = typeof body.proxy === 'string' ? { server: body.proxy } : body.proxy;
      const { session, tab } = await registry.create({
        policies, labels: body.labels ?? {},
        options: { viewport: body.viewport, user_agent: body.user_agent, locale: body.locale, timezone: body.timezone, geolocation: body.geolocation, proxy, start_url: body.start_url },
        profile: body.profile_id ? { id: body.profile_id, readOnly: body.profile_read_only ?? false } : null,
      });
      startLoading(tab, startUrl, (l) => host.log.debug(l));
      return { status: 201, json: { ...registry.record(session), tab_id: tab.id } };
    },
  },
  {
    name: 'list_sessions', method: 'GET', path: '/sessions', kind: 'query', query: listSessionsQuery,
    summary: 'Sessions: live ones first (default included), then ended ones from history.',
    async handle(req, { host }) {
      const registry = sessionsOf(host);
      const live: Record<string, unknown>[] = [registry.defaultSession(), ...registry.sessions.values()].map((s) => ({ ...registry.record(s), tabs: registry.tabsOf(s).map((t) => t.id) }));
      const seen = new Set(live.map((s) => s.session_id));
      const stored = registry.events.listRecords().filter((r) => !seen.has(r.session_id as string)).map((r) => ({ ...r, tabs: [] }));
      const all: Record<string, unknown>[] = [...live, ...stored];
      const status = (req.query as { status?: string }).status;
      return { json: status ? all.filter((s) => s.status === status) : all };
    },
  },
  {
    name: 'get_session', method: 'GET', path: '/sessions/:id', kind: 'query', summary: 'One session: its record, tabs and current task.',
    async handle(req, { host }) {
      const registry = sessionsOf(host);
      const id = req.params.id!;
      const s = registry.sessions.get(id);
      if ((s && !s.live) || (!s && id !== DEFAULT_SESSION && ![...registry.sessions.values()].some((x) => x.aliases.has(id)))) {
        // An ended session is still readable (its record stays in history).
        const stored = registry.events.loadRecord(id);
        if (stored) return { json: { ...stored.record, status: stored.status, tabs: [], task: null } };
        if (!s) throw sessionNotFound(id);
      }
      return { json: full(registry, id) };
    },
  },
  {
    name: 'delete_session', method: 'DELETE', path: '/sessions/:id', kind: 'query', query: deleteSessionQuery,
    summary: 'End a session: its context is disposed and its tabs closed (profile saved first with save_profile=true).',
    async handle(req, { host }) {
      const registry = sessionsOf(host);
      if (req.params.id === DEFAULT_SESSION) throw new ApiError(409, 'DEFAULT_SESSION', 'The default session is the daemon\'s own browser context and cannot be deleted; close its tabs with DELETE /api/v1/tabs/{id}.');
      const session = registry.get(req.params.id!);
      const closed = registry.tabsOf(session).map((t) => t.id);
      if ((req.query as { save_profile?: string }).save_profile === 'true' && (!session.profile || session.profile.readOnly)) {
        throw invalidParams(`save_profile: session ${session.id} has ${session.profile ? 'its profile read-only' : 'no profile'}; create it with "profile_id" (not read-only) to save one`);
      }
      await registry.end(session, 'terminated', { saveProfile: (req.query as { save_profile?: string }).save_profile === 'true', reason: 'deleted' });
      return { json: { session_id: session.id, status: session.status, closed_tabs: closed } };
    },
  },
  {
    name: 'patch_session', method: 'PATCH', path: '/sessions/:id', kind: 'query', body: patchSessionBody,
    summary: 'Change the policies that may change live (allowlist, rate, js eval, uploads, downloads, max_tabs, HITL threshold).',
    async handle(req, { host }) {
      const registry = sessionsOf(host);
      const session = registry.get(req.params.id!);
      const changes = (req.body as z.infer<typeof patchSessionBody>).policies;
      const fixed = Object.keys(changes).filter((k) => !LIVE_POLICIES.has(k as keyof Policies));
      if (fixed.length) throw invalidParams(`policies.${fixed[0]}: cannot change on a live session (it shapes the browser context); create a new session with it`);
      const before = session.policies;
      session.policies = withDefaults(changes, before);
      if (session.policies.rate_limit_apm !== before.rate_limit_apm) session.resetBucket();
      for (const tab of registry.tabsOf(session)) tab.navigationTimeoutMs = session.policies.navigation_timeout_ms;
      if (session.policies.block_subresources_outside_allowlist !== before.block_subresources_outside_allowlist) {
        await Promise.all(registry.tabsOf(session).map((t) => applySubresourcePolicy(t, session.policies.block_subresources_outside_allowlist)));
      }
      if (session.policies.allow_downloads !== before.allow_downloads && session.id !== DEFAULT_SESSION) await applyDownloadPolicy(host, session);
      registry.save(session);
      registry.events.append(session.id, 'session_policies_changed', { changed: changes });
      return { json: registry.record(session) };
    },
  },
  {
    name: 'session_events', method: 'GET', path: '/sessions/:id/events', kind: 'query', query: eventsQuery,
    summary: 'The session\'s event log after after_id (Accept: text/event-stream streams it as SSE).',
    async handle(req, { host }) {
      const registry = sessionsOf(host);
      const id = knownSession(registry, req.params.id!);
      const q = req.query as z.infer<typeof eventsQuery>;
      const events = registry.events.list(id, {
        afterId: q.after_id ? Number(q.after_id) : 0, limit: q.limit ? Number(q.limit) : undefined,
        types: q.types?.split(',').map((t) => t.trim()),
      });
      return { json: { session_id: id, events, last_id: registry.events.lastId(id) } };
    },
  },
];
