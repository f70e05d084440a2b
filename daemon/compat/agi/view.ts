// navigate and screenshot (agent-apis.md §1.2.1) on the session's current tab through the daemon's
// own routes: POST /tabs/{id}/navigate (the session's allowlist and the self-origin block apply),
// then the tab's URL after redirects; GET /tabs/{id}/screenshot as JPEG wrapped in a data URL.
import { replyError } from '../daemonCalls.ts';
import { checkHttpUrl } from './http.ts';
import type { AgiSession } from './state.ts';
import type { Surface } from './surface.ts';

interface TabInfo { id: string; url: string; title: string }

async function tabOf(surface: Surface, s: AgiSession): Promise<TabInfo> {
  const list = await surface.calls.json<TabInfo[]>('GET', `/tabs?session_id=${encodeURIComponent(s.backendId)}`);
  const last = list.at(-1);
  if (last) return last;
  const opened = await surface.calls.json<{ id: string }>('POST', '/tabs', { session_id: s.backendId });
  return { id: opened.id, url: 'about:blank', title: '' };
}

export async function navigate(surface: Surface, s: AgiSession, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const url = checkHttpUrl(body.url, 'url');
  const tab = await tabOf(surface, s);
  await surface.calls.json('POST', `/tabs/${tab.id}/navigate`, { url, screenshot: { area: 'none' } });
  const now = await surface.calls.json<TabInfo>('GET', `/tabs/${tab.id}`);
  return { current_url: now.url };
}

export async function screenshot(surface: Surface, s: AgiSession): Promise<Record<string, unknown>> {
  const tab = await tabOf(surface, s);
  const reply = await surface.calls.reply('GET', `/tabs/${tab.id}/screenshot?format=jpeg&quality=80`);
  if (reply.status !== 200 || !reply.binary) throw replyError(reply);
  const now = await surface.calls.json<TabInfo>('GET', `/tabs/${tab.id}`);
  return { screenshot: `data:image/jpeg;base64,${reply.binary.toString('base64')}`, url: now.url, title: now.title };
}
