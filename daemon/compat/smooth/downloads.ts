// `downloads_url` (agent-apis.md §1.3.2): GET /task/{id}?downloads=true names a zip of the task's
// finished downloads — those of the tabs it used — served at GET /task/{id}/downloads.zip, built
// from the daemon's /downloads records and their content (the same quota and size rules apply).
import type { DaemonCalls } from '../daemonCalls.ts';
import { SmoothError } from './http.ts';
import type { SmoothRecord } from './records.ts';
import { nativeTask } from './view.ts';
import { zip } from './zip.ts';

interface Download { id: string; filename: string; state: string; tab_id?: string }

async function tabsOf(calls: DaemonCalls, r: SmoothRecord): Promise<Set<string>> {
  const tabs = new Set(r.tabIds);
  for (const id of r.nativeTasks) {
    const t = await nativeTask(calls, id).catch(() => null);
    if (t?.tab_id) tabs.add(t.tab_id);
  }
  return tabs;
}

export async function finishedDownloads(calls: DaemonCalls, r: SmoothRecord): Promise<Download[]> {
  const tabs = await tabsOf(calls, r);
  const { downloads } = await calls.json<{ downloads: Download[] }>('GET', '/downloads?state=completed&limit=1000');
  return downloads.filter((d) => d.tab_id && tabs.has(d.tab_id));
}

export async function downloadsZip(calls: DaemonCalls, r: SmoothRecord): Promise<Buffer> {
  const list = await finishedDownloads(calls, r);
  if (!list.length) throw new SmoothError(404, `task ${r.id} has no finished downloads`);
  const entries: { name: string; data: Buffer }[] = [];
  const used = new Set<string>();
  for (const d of list) {
    const reply = await calls.reply('GET', `/downloads/${encodeURIComponent(d.id)}/content?max_size=${50 * 1024 * 1024}`);
    if (reply.status !== 200 || !reply.binary) continue; // pruned by the quota, or too large: left out
    let name = d.filename || d.id;
    for (let n = 1; used.has(name); n++) name = `${n}-${d.filename || d.id}`;
    used.add(name);
    entries.push({ name, data: reply.binary });
  }
  return zip(entries);
}
