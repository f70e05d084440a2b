// The session's event log seen as AGI messages (agent-apis.md §1.2.1): one log, two views. A
// message's id is its log entry's id, so `after_id`, SSE `id:` and `Last-Event-ID` all resume at the
// same place. THOUGHT = the model's reasoning or the action it took; QUESTION = ask_user; DONE /
// ERROR = the task's end; LOG = everything else the agent reports (hidden by sanitize). Entries that
// are not the agent's (tabs opened, policies changed) are not messages.
import type { LoggedEvent } from '../../sessions/api.ts';

export type MessageType = 'THOUGHT' | 'QUESTION' | 'DONE' | 'ERROR' | 'LOG';

export interface AgiMessage { id: number; type: MessageType; content: string; timestamp: string; metadata: Record<string, unknown> }

/** Events this surface appends to the session log itself. */
export const USER_MESSAGE = 'agi:user_message';
export const PAUSED = 'agi:paused';
export const RESUMED = 'agi:resumed';

const LOG_TYPES = new Set(['task:started', 'browser:navigated', 'agent:extracted', 'agent:waiting', 'task:validated', 'task:validation_error',
  'task:aborted', 'firewall:blocked', 'firewall:blocked_non_interactive', 'hitl:approval_pending', 'error', 'browser:screenshot_captured', 'tool_call',
  'interactive:form_data:request', 'interactive:form_data:error', USER_MESSAGE]);

function text(v: unknown): string { return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v); }

function logText(e: LoggedEvent): string {
  const d = e.data;
  switch (e.type) {
    case 'task:started': return `Task started: ${text(d.task)}${d.plan ? ` — plan: ${text(d.plan)}` : ''}`;
    case 'browser:navigated': return `Navigated to ${text(d.url)}${d.title ? ` (${text(d.title)})` : ''}`;
    case 'agent:extracted': return `Extracted: ${text(d.extractedData)}`;
    case USER_MESSAGE: return `User: ${text(d.message)}`;
    case 'error': return `Error: ${text((d.error as { message?: unknown } | undefined)?.message ?? d.error)}`;
    default: return `${e.type}${d.message ? `: ${text(d.message)}` : d.reason ? `: ${text(d.reason)}` : ''}`;
  }
}

/** The message an entry is, or null; `pageUrl` is the page the agent was on (a step's `url`). */
export function toMessage(e: LoggedEvent, pageUrl: string | null = null): AgiMessage | null {
  const d = e.data;
  const base = { id: e.id, timestamp: new Date(e.ts).toISOString() };
  const task = typeof d.task_id === 'string' ? { task_id: d.task_id } : {};
  switch (e.type) {
    case 'agent:reasoned': return { ...base, type: 'THOUGHT', content: text(d.reasoning), metadata: { ...task } };
    case 'agent:action': {
      const step = { action: text(d.action), ref: d.ref ?? null, value: d.value ?? null, url: pageUrl };
      return { ...base, type: 'THOUGHT', content: [step.action, step.ref, step.value].filter((x) => x !== null && x !== '').join(' '), metadata: { ...task, step } };
    }
    case 'agent:question': return { ...base, type: 'QUESTION', content: text(d.question), metadata: { ...task, request_id: d.requestId } };
    case 'complete': {
      if (d.success === true) return { ...base, type: 'DONE', content: text(d.finalAnswer), metadata: { ...task, result: d.finalAnswer ?? null, stats: d.stats } };
      const error = (d.error ?? {}) as { code?: string; message?: string };
      if (error.code === 'TASK_CANCELLED') return { ...base, type: 'LOG', content: 'Task cancelled', metadata: { ...task, code: error.code } };
      return { ...base, type: 'ERROR', content: text(error.message ?? 'the task failed'), metadata: { ...task, code: error.code ?? 'TASK_FAILED' } };
    }
    default:
      if (!LOG_TYPES.has(e.type)) return null;
      return { ...base, type: 'LOG', content: logText(e), metadata: { ...task, event: e.type } };
  }
}

/** What sanitize=true keeps: no LOG (system messages, tool output) and no images. */
export function visible(m: AgiMessage, sanitize: boolean): boolean {
  return !sanitize || m.type !== 'LOG';
}

export interface SseFrame { id: number; event: string; data: Record<string, unknown> }

/** The SSE frame of an entry (`step` for an action, `paused`/`resumed` for control changes), or null. */
export function toFrame(e: LoggedEvent, sanitize: boolean, pageUrl: string | null = null): SseFrame | null {
  if (e.type === PAUSED) return { id: e.id, event: 'paused', data: { timestamp: new Date(e.ts).toISOString() } };
  if (e.type === RESUMED) return { id: e.id, event: 'resumed', data: { timestamp: new Date(e.ts).toISOString() } };
  const m = toMessage(e, pageUrl);
  if (!m || !visible(m, sanitize)) return null;
  const step = m.metadata.step as Record<string, unknown> | undefined;
  if (step) return { id: m.id, event: 'step', data: step };
  switch (m.type) {
    case 'THOUGHT': return { id: m.id, event: 'thought', data: { text: m.content, message_id: m.id } };
    case 'QUESTION': return { id: m.id, event: 'question', data: { text: m.content, message_id: m.id } };
    case 'DONE': return { id: m.id, event: 'done', data: { text: m.content, result: m.metadata.result ?? null, message_id: m.id } };
    case 'ERROR': return { id: m.id, event: 'error', data: { error: m.content, status_code: 500, message_id: m.id } };
    default: return { id: m.id, event: 'log', data: { text: m.content, message_id: m.id } };
  }
}

export const SSE_EVENT_TYPES = ['step', 'thought', 'question', 'done', 'error', 'log', 'paused', 'resumed', 'heartbeat'] as const;

/** Reads the log in order and remembers the page the agent is on, so a step can name its url. */
export class PageTracker {
  url: string | null = null;
  see(e: LoggedEvent): void {
    if (e.type === 'browser:navigated' && typeof e.data.url === 'string') this.url = e.data.url;
    else if (e.type === 'task:setup') this.url = typeof e.data.url === 'string' ? e.data.url : this.url;
  }
}
