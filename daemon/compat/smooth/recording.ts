// `enable_recording` (compat.md "Smooth": "a WebM or frame bundle of the task, served at
// recording_url"): a frame bundle. While a recorded task runs, one viewport screenshot (the daemon's
// own screenshot action, a read that does not disturb the page) is taken after each agent step and
// after each of a session's actions; GET /task/{id}/recording.zip is those JPEG frames plus
// frames.json ({file, timestamp, step, url}). Kept in memory: bounded per task, the newest 20 tasks.
import type { DaemonCalls } from '../daemonCalls.ts';
import type { SmoothRecord } from './records.ts';
import { isTerminal, nativeTask, smoothStatus } from './view.ts';
import { zip } from './zip.ts';

const MAX_FRAMES = 200;
const MAX_BYTES = 30 * 1024 * 1024;
const WATCH_MS = 250;
/** Recordings kept (the newest): a long-running daemon does not keep every task's frames. */
const MAX_RECORDINGS = 20;

interface Frame { timestamp: number; step: string; url: string | null; data: Buffer }

export class Recordings {
  #byTask = new Map<string, { frames: Frame[]; bytes: number }>();
  has(id: string): boolean { return (this.#byTask.get(id)?.frames.length ?? 0) > 0; }
  start(id: string): void {
    if (this.#byTask.has(id)) return;
    this.#byTask.set(id, { frames: [], bytes: 0 });
    while (this.#byTask.size > MAX_RECORDINGS) this.#byTask.delete(this.#byTask.keys().next().value!);
  }
  recording(id: string): boolean { return this.#byTask.has(id); }
  clear(): void { this.#byTask.clear(); }

  add(id: string, frame: Frame): void {
    const r = this.#byTask.get(id);
    if (!r || r.frames.length >= MAX_FRAMES || r.bytes + frame.data.length > MAX_BYTES) return; // the bundle keeps its first frames
    r.frames.push(frame);
    r.bytes += frame.data.length;
  }

  bundle(id: string): Buffer | null {
    const r = this.#byTask.get(id);
    if (!r?.frames.length) return null;
    const names = r.frames.map((_, i) => `frame-${String(i + 1).padStart(4, '0')}.jpeg`);
    const index = r.frames.map((f, i) => ({ file: names[i], timestamp: f.timestamp, step: f.step, url: f.url }));
    return zip([...r.frames.map((f, i) => ({ name: names[i]!, data: f.data })), { name: 'frames.json', data: Buffer.from(JSON.stringify(index, null, 1)) }]);
  }
}

/** One frame of the tab now (a failure — the tab already closed — records nothing). */
export async function frame(calls: DaemonCalls, recordings: Recordings, id: string, tabId: string | null, step: string): Promise<void> {
  if (!tabId || !recordings.recording(id)) return;
  const r = await calls.reply('POST', `/tabs/${encodeURIComponent(tabId)}/screenshot`, { screenshot: { format: 'jpeg', quality: 60 } }).catch(() => null);
  const body = r?.json as { data?: string; url?: string } | undefined;
  if (r?.status !== 200 || !body?.data) return;
  recordings.add(id, { timestamp: Date.now(), step, url: body.url ?? null, data: Buffer.from(body.data, 'base64') });
}

/** Frames of a one-shot task: the first page, then one after each agent step, until it ends. */
export async function recordTask(calls: DaemonCalls, recordings: Recordings, r: SmoothRecord): Promise<void> {
  const taskId = r.nativeTasks[0]!;
  recordings.start(r.id);
  let after = 0;
  let steps = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
    const t = await nativeTask(calls, taskId).catch(() => null);
    if (!t) return;
    if (t.tab_id && !recordings.has(r.id)) await frame(calls, recordings, r.id, t.tab_id, 'start');
    const events = await calls.json<{ events: { id: number; type: string; data: Record<string, unknown> }[] }>('GET', `/tasks/${encodeURIComponent(taskId)}/events?after_id=${after}`).catch(() => ({ events: [] }));
    for (const e of events.events) {
      after = Math.max(after, e.id);
      if (e.type === 'browser:action_completed') await frame(calls, recordings, r.id, t.tab_id, `after step ${++steps}`);
      else if (e.type === 'browser:navigated') await frame(calls, recordings, r.id, t.tab_id, 'navigated');
    }
    if (isTerminal(smoothStatus(t.status))) return;
  }
}
