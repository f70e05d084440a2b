// What a running tool sees: its arguments, the tab to act on, and `call` — one REST request by route
// key with path parameters, body and query filled in.
import type { Dispatch, RestRequest } from './dispatch.ts';
import type { RouteKey } from './routeIndex.ts';
import { errorReply, ToolStop, type CallParts, type ToolContext } from './toolSchema.ts';

export function routePath(route: RouteKey, parts: CallParts = {}): { method: RestRequest['method']; path: string } {
  const [method, template] = route.split(' ') as [RestRequest['method'], string];
  const params = [...(parts.params ?? [])];
  const path = template.split('/').map((segment) => {
    if (segment !== ':') return segment;
    const value = params.shift();
    if (value === undefined) throw new Error(`${route}: missing a path parameter`);
    return encodeURIComponent(value);
  }).join('/');
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(parts.query ?? {})) if (value !== undefined && value !== null) query.set(key, String(value));
  const qs = query.toString();
  return { method, path: qs ? `${path}?${qs}` : path };
}

export function toolContext(args: Record<string, unknown>, dispatch: Dispatch, signal?: AbortSignal, progress?: ToolContext['progress']): ToolContext {
  const call: ToolContext['call'] = (route, parts = {}) => dispatch({ ...routePath(route, parts), body: parts.body, signal });
  return {
    args,
    call,
    progress,
    async tabId() {
      if (typeof args.tab_id === 'string' && args.tab_id !== '') return args.tab_id;
      // The daemon owns "active" (new tabs and popups become active), so ask it rather than cache.
      const tabs = await call('GET /tabs');
      if (tabs.status >= 400) throw new ToolStop(tabs);
      const list = Array.isArray(tabs.json) ? tabs.json as { id: string; active?: boolean }[] : [];
      const tab = list.find((t) => t.active) ?? list[0];
      if (!tab) throw new ToolStop(errorReply(404, 'TAB_NOT_FOUND', 'No tab_id given and no tab is open; open one with browser_tabs {"action": "new", "url": "https://example.com/"}.'));
      return tab.id;
    },
  };
}
