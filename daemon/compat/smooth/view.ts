// A Smooth record as the vendor's TaskResponse (agent-apis.md §1.3.1): status mapped from the native
// task (waiting → waiting; running, paused, waiting_for_input → running; terminal as they are),
// `output` = the structured result when response_model was given, else the answer; events newer
// than `event_t` (ms), oldest first; `credits_used` 0; `live_url` the daemon's viewer page.
import type { DaemonCalls } from '../daemonCalls.ts';
import { ATTACH_TOOL } from './attach.ts';
import { TERMINAL, type SmoothEvent, type SmoothRecord, type SmoothStatus } from './records.ts';

interface NativeTask { task_id: string; session_id: string; tab_id: string | null; status: string; answer: string | null; result: unknown; error: { code: string; message: string } | null; created_at: number }
interface NativeEvent { id: number; ts: number; type: string; data: Record<string, unknown> }

export function smoothStatus(native: string): SmoothStatus {
  if (native === 'waiting') return 'waiting';
  if (native === 'done' || native === 'failed' || native === 'cancelled') return native;
  return 'running';
}

export const nativeTask = (calls: DaemonCalls, id: string): Promise<NativeTask> => calls.json<NativeTask>('GET', `/tasks/${encodeURIComponent(id)}`);

/** The native task's events as Smooth events: a custom tool call is `tool_call` {name, input} with the id the client answers with. */
async function nativeEvents(calls: DaemonCalls, id: string): Promise<SmoothEvent[]> {
  const r = await calls.json<{ events: NativeEvent[] }>('GET', `/tasks/${encodeURIComponent(id)}/events`);
  return r.events.map((e) => e.type === 'tool_call' && e.data.name === ATTACH_TOOL
    ? { name: 'file_attach', id: String(e.data.toolCallId), payload: { input: e.data.input }, timestamp: e.ts }
    : e.type === 'tool_call'
    ? { name: 'tool_call', id: String(e.data.toolCallId), payload: { name: e.data.name, input: e.data.input }, timestamp: e.ts }
    : { name: e.type, id: `${id}:${e.id}`, payload: e.data, timestamp: e.ts });
}

export function outputOf(t: NativeTask): unknown {
  return t.result ?? t.answer ?? null;
}

export interface ViewOptions { eventT?: number; withEvents: boolean; origin: string }

export async function taskResponse(calls: DaemonCalls, r: SmoothRecord, o: ViewOptions): Promise<Record<string, unknown>> {
  let status = r.status;
  let output = r.output;
  let error: unknown = null;
  let sessionId = r.sessionId;
  if (r.kind === 'task') {
    const t = await nativeTask(calls, r.nativeTasks[0]!);
    status = smoothStatus(t.status);
    output = outputOf(t);
    error = t.error;
    sessionId = t.session_id && t.session_id !== 'default' ? t.session_id : sessionId;
  }
  let events: SmoothEvent[] = [];
  if (o.withEvents) {
    const lists = await Promise.all(r.nativeTasks.map((id) => nativeEvents(calls, id).catch(() => [] as SmoothEvent[])));
    events = [...r.own, ...lists.flat()].filter((e) => o.eventT === undefined || e.timestamp > o.eventT).sort((a, b) => a.timestamp - b.timestamp);
  }
  return {
    id: r.id, status, output, ...(error ? { error } : {}), credits_used: 0, device: r.device,
    live_url: sessionId ? `${o.origin}/ui/sessions/${encodeURIComponent(sessionId)}` : null,
    recording_url: null, downloads_url: null, created_at: Math.floor(r.createdAt / 1000),
    ...(o.withEvents ? { events } : {}),
  };
}

export const isTerminal = (status: unknown): boolean => TERMINAL.includes(status as SmoothStatus);
