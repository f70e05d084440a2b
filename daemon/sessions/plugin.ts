// Sessions as a daemon plugin: the registry and its event log open once Chromium is ready; the
// policy guard, the wire-level document gate and per-tab set-up are wired in; every finished action
// and its envelope events go into the log of the tab's session.
import { sessionLayout } from '../history/layout.ts';
import type { DaemonPlugin } from '../plugins.ts';
import type { ActionRecord } from '../runner.ts';
import type { Deps } from '../routes/types.ts';
import type { Tab } from '../tab.ts';
import { EventLog } from './eventLog.ts';
import { sessionGuard } from './guard.ts';
import { SessionRegistry, maybeSessionsOf, setRegistry } from './registry.ts';
import { sessionRoutes } from './routes.ts';
import { approvalRoutes } from './approvalRoutes.ts';
import { installProfiles, profileRoutes } from './profiles.ts';
import { sseMiddleware } from './sse.ts';
import { sessionTabSetup } from './tabSetup.ts';
import { installWireGate, loggedAlready } from './wireGate.ts';
import { applyDownloadPolicy } from './downloads.ts';

const MAX_LOGGED_PARAMS = 4_096;

function loggedParams(params: unknown): unknown {
  const text = JSON.stringify(params ?? {});
  return text.length <= MAX_LOGGED_PARAMS ? params : { truncated: true, bytes: text.length };
}

/** A history file that cannot be opened (corrupt, unreadable) must not stop the daemon: the log
 *  is kept in memory for this run and the reason logged (the history plugin reports the file's state). */
function openEventLog(path: string | null, deps: Deps): EventLog {
  try { return new EventLog(path); } catch (err) {
    deps.log.error(`sessions: the event log cannot use ${path} (${(err as Error).message}); it is kept in memory for this run`);
    return new EventLog(null);
  }
}

function start(deps: Deps): void {
  const { host } = deps;
  const layout = sessionLayout(deps.config.sessionDir);
  const log = openEventLog(deps.config.history ? layout.database : null, deps);
  const ended = log.terminateLeftovers();
  if (ended.length) deps.log.info(`sessions: ${ended.length} session(s) of the previous run are terminated`);
  const registry = new SessionRegistry(host, log);
  setRegistry(host, registry);
  registry.hooks.push({ contextCreated: (s) => applyDownloadPolicy(host, s) });
  installProfiles(registry);
  deps.runner.guards.add(sessionGuard(registry));
  if (host.browser) installWireGate(registry, host.browser);

  const tabSessions = new Map<string, string>();
  const onTab = (tab: Tab): void => {
    if (host.browser) installWireGate(registry, host.browser); // a relaunched Chromium gets it too
    registry.sweepLostBrowser();
    tabSessions.set(tab.id, tab.sessionId);
    if (tabSessions.size > 10_000) tabSessions.delete(tabSessions.keys().next().value!);
    const session = registry.ofTab(tab);
    if (session && tab.sessionId !== 'default') {
      sessionTabSetup(tab, session, host.version?.userAgent ?? '');
      tab.navigationTimeoutMs = session.policies.navigation_timeout_ms;
      tab.page.events.on('navigation', (e) => { try { const o = new URL(e.url).origin; if (o.startsWith('http')) session.origins.add(o); } catch { /* not a URL */ } });
    }
    log.append(tab.sessionId, 'tab_opened', { tab_id: tab.id, ...(tab.page.openerId ? { opener_tab_id: tab.page.openerId } : {}) });
    tab.page.events.on('closed', () => log.append(tab.sessionId, 'tab_closed', { tab_id: tab.id }));
  };
  host.tabListeners.add(onTab);
  host.sessionTabCap = (contextId) => {
    const id = host.contextSessions.get(contextId);
    const session = id ? registry.sessions.get(id) : undefined;
    return session && session.policies.max_tabs > 0 ? { limit: session.policies.max_tabs, count: registry.tabsOf(session).length } : null;
  };
  for (const tab of host.tabs.values()) tabSessions.set(tab.id, tab.sessionId);

  deps.runner.observers.add((record: ActionRecord) => {
    const sessionId = tabSessions.get(record.tabId) ?? host.tabs.get(record.tabId)?.sessionId;
    if (!sessionId) return;
    const events = record.envelope?.events ?? (record.error as { events?: { type: string; data: Record<string, unknown> }[] } | undefined)?.events ?? [];
    for (const e of events) if (!loggedAlready.has(e.data)) log.append(sessionId, e.type, { ...e.data, tab_id: e.data.tab_id ?? record.tabId, action_id: record.actionId });
    log.append(sessionId, 'action', {
      action_id: record.actionId, tab_id: record.tabId, type: record.type, params: loggedParams(record.params),
      status: record.error ? 'error' : 'ok', duration_ms: record.durationMs,
      ...(record.error ? { error_code: record.error.code, http_status: record.error.status } : {}),
    });
  });
}

export const sessionsPlugin: DaemonPlugin = {
  name: 'sessions',
  routes: [...sessionRoutes, ...approvalRoutes, ...profileRoutes],
  install: (app, deps) => { app.use('/api/v1/sessions/:id/events', sseMiddleware(deps)); },
  start,
  async stop(deps) {
    const registry = maybeSessionsOf(deps.host);
    if (!registry) return;
    await registry.stopAll();
    registry.events.close();
  },
};
