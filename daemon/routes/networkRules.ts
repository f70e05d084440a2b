// POST/GET/DELETE /tabs/{id}/network/rules (issue 24): block requests by URL pattern or answer them
// with a given status/body, for tests and for cutting trackers. The rules replace each other
// wholesale (POST sets the list), apply to the tab's page and its out-of-process frames, and end
// with the tab. Session policies (the wire gate) are checked before them.
import { z } from 'zod';
import { refreshFetchPatterns } from '../../cdp/httpAuth.ts';
import { rulesOf, setRules, type RequestRule } from '../../cdp/requestRules.ts';
import type { Tab } from '../tab.ts';
import type { RouteDef } from './types.ts';

const rule = z.object({
  url_pattern: z.string().min(1).max(2048).meta({ description: 'wildcards: * any characters, ? one; matched against the whole URL' }),
  action: z.enum(['block', 'fulfill']),
  resource_type: z.enum(['Document', 'Stylesheet', 'Image', 'Media', 'Font', 'Script', 'XHR', 'Fetch', 'Other']).optional(),
  status: z.number().int().min(100).max(599).optional(),
  body: z.string().max(5 * 1024 * 1024).optional(),
  content_type: z.string().min(1).max(256).optional(),
  headers: z.record(z.string().min(1).max(256), z.string().max(8192)).optional(),
}).strict();
const rulesBody = z.object({ rules: z.array(rule).max(100) }).loose();

const watched = new WeakSet<Tab>();

async function install(tab: Tab, rules: RequestRule[]): Promise<void> {
  setRules(tab.id, rules);
  if (!watched.has(tab)) { watched.add(tab); tab.page.events.on('closed', () => setRules(tab.id, [])); }
  await Promise.all([tab.page.session, ...tab.page.frameSessions.values()].map((s) => refreshFetchPatterns(s)));
}

export const networkRuleRoutes: RouteDef[] = [
  {
    name: 'set_network_rules', method: 'POST', path: '/tabs/:id/network/rules', kind: 'query', body: rulesBody, records: 'network_rules',
    summary: "Set the tab's request rules (replacing the old ones): block matching requests, or fulfil them with status, body, content_type, headers. First match wins.",
    docs: { group: 'network', answer: '{"rules": [...]}', example: { rules: [{ url_pattern: '*/api/items*', action: 'fulfill', status: 200, body: '[]', content_type: 'application/json' }, { url_pattern: '*tracker*', action: 'block' }] } },
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      await install(tab, (req.body as z.infer<typeof rulesBody>).rules);
      return { json: { rules: rulesOf(tab.id) } };
    },
  },
  {
    name: 'get_network_rules', method: 'GET', path: '/tabs/:id/network/rules', kind: 'query',
    summary: "The tab's request rules, each with how many requests it answered (hits).",
    docs: { group: 'network', answer: '{"rules": [{…, "hits"}]}' },
    async handle(req, { host }) {
      return { json: { rules: rulesOf(host.getTab(req.params.id!).id) } };
    },
  },
  {
    name: 'delete_network_rules', method: 'DELETE', path: '/tabs/:id/network/rules', kind: 'query', records: 'network_rules_cleared',
    summary: "Remove the tab's request rules.",
    docs: { group: 'network', answer: '{"rules": []}' },
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      await install(tab, []);
      return { json: { rules: [] } };
    },
  },
];
