// /tabs (rest.md §4.2): queries and commands that do not run the action pipeline.
import { z } from 'zod';
import { checkNavigableUrl, historyFlags } from '../actions/navigation.ts';
import { bestEffort, tryCall } from '../../cdp/bestEffort.ts';
import type { BrowserHost } from '../browserHost.ts';
import type { Tab } from '../tab.ts';
import type { RouteDef } from './types.ts';
import { DEFAULT_SESSION, sessionsOf } from '../sessions/registry.ts';
import { checkNavigation } from '../sessions/guard.ts';

function summary(tab: Tab, activeId: string | null) {
  return { id: tab.id, url: tab.page.url, title: tab.page.title, active: tab.id === activeId, loading: tab.page.loading };
}

/**
 * Chromium's Target.targetInfoChanged for a new document title can lag by seconds (measured: GET
 * /tabs still showed the URL as title 1 s after load), while Target.getTargets is current.
 */
async function refreshTitles(host: BrowserHost): Promise<void> {
  const browser = host.requireBrowser(); // unresponsive or restarting: 503 at once, not a 2 s wait
  if (browser.connection.closed) return;
  const r = await tryCall(browser.browserSession.send('Target.getTargets', undefined, { timeoutMs: 2_000 }));
  for (const info of r?.targetInfos ?? []) {
    const tab = host.tabs.get(info.targetId);
    if (tab) tab.page.title = info.title;
  }
}

export const tabRoutes: RouteDef[] = [
  {
    name: 'list_tabs', method: 'GET', path: '/tabs', kind: 'query', summary: "The default session's tabs (or ?session_id=…'s), in creation order.",
    docs: { answer: 'an array of tabs: [{"id", "url", "title", "active", …}]' },
    query: z.object({ session_id: z.string().min(1).max(128).optional() }).loose(),
    async handle(req, { host }) {
      const wanted = (req.query as { session_id?: string }).session_id ?? DEFAULT_SESSION;
      const session = sessionsOf(host).get(wanted); // 404 unknown, 410 ended
      await refreshTitles(host);
      return { json: [...host.tabs.values()].filter((t) => !t.closed && t.sessionId === session.id).map((t) => summary(t, host.activeTabId)) };
    },
  },
  {
    name: 'get_tab', method: 'GET', path: '/tabs/:id', kind: 'query', summary: 'One tab, with history flags.',
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      await refreshTitles(host);
      const none = { can_go_back: false, can_go_forward: false };
      // While a new document commits (a renderer swap) the page briefly answers "not attached":
      // the flags are then reported as unknown-false rather than failing the whole request.
      const flags = tab.page.dialog ? none : await historyFlags({ tab }).catch((err: Error) => {
        host.log.debug(`history flags of ${tab.id}: ${err.message}`);
        return none;
      });
      return { json: { ...summary(tab, host.activeTabId), ...flags } };
    },
  },
  {
    name: 'create_tab', method: 'POST', path: '/tabs', kind: 'query', records: 'create_tab', summary: 'Open a tab (does not wait for the page to load).',
    docs: { answer: '201 with the tab: {"id", "url", "title", …}; its id is the $TAB of the other routes', example: { url: 'https://example.com/' } },
    body: z.object({ url: z.string().min(1).max(2 * 1024 * 1024).optional(), active: z.boolean().optional(), session_id: z.string().min(1).max(128).optional() }).loose(),
    async handle(req, { host, config }) {
      const url = req.body.url ? checkNavigableUrl(req.body.url, config.allowFileAccess) : 'about:blank';
      host.requireBrowser();
      const registry = sessionsOf(host);
      const session = registry.get(req.body.session_id ?? DEFAULT_SESSION);
      if (url !== 'about:blank') checkNavigation(registry, session, null, url);
      const tab = await registry.openTab(session);
      if (url !== 'about:blank') {
        bestEffort(tab.page.session.send('Page.navigate', { url, transitionType: 'typed' }), 'POST /tabs does not wait for the load', (l) => host.log.debug(l));
        tab.pumpWhileLoading(true); // a paused page cannot load on its own
      }
      return { status: 201, json: { id: tab.id, url, ...(session.id !== DEFAULT_SESSION ? { session_id: session.id } : {}) } };
    },
  },
  {
    name: 'close_tab', method: 'DELETE', path: '/tabs/:id', kind: 'query', records: 'close_tab', summary: 'Close a tab.',
    async handle(req, { host }) {
      await host.closeTab(req.params.id!);
      return { json: { closed_tab_id: req.params.id } };
    },
  },
  {
    name: 'activate_tab', method: 'POST', path: '/tabs/:id/activate', kind: 'query', records: 'activate_tab', summary: 'Make a tab the active one.',
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      await host.requireBrowser().browserSession.send('Target.activateTarget', { targetId: tab.id });
      host.activeTabId = tab.id;
      const index = [...host.tabs.keys()].indexOf(tab.id);
      return { json: { status: 'activated', tab_id: tab.id, index } };
    },
  },
  {
    name: 'stop_tab', method: 'POST', path: '/tabs/:id/stop', kind: 'query', records: 'stop_loading', summary: 'Stop loading.',
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      await tab.page.session.send('Page.stopLoading');
      return { json: { status: 'stopped', tab_id: tab.id } };
    },
  },
];
