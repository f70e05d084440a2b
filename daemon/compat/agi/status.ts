// Both AGI status vocabularies (agent-apis.md §1.2.1) from the native task the last message started:
// session (lifecycle) initializing|ready|running|paused|completed|error|terminated, execution (task)
// running|waiting_for_input|finished|error. Choices where the vendor is silent: a session whose
// task ended is `completed` (done) or `error` (failed) until the next message; a cancelled one is
// `ready` (compat.md); execution status with no task yet, or after a cancel, is `finished`; a
// paused task's execution status stays `running` (it has not ended).
import type { AgiSession } from './state.ts';
import type { Surface } from './surface.ts';

export interface TaskView { status: string; answer: string | null; error: { code: string; message: string } | null }

export async function taskOf(surface: Surface, s: AgiSession): Promise<TaskView | null> {
  if (!s.taskId) return null;
  const reply = await surface.calls.reply('GET', `/tasks/${s.taskId}`);
  return reply.status === 200 ? reply.json as TaskView : null;
}

const LIVE = new Set(['waiting', 'running', 'paused', 'waiting_for_input']);
export const isLive = (t: TaskView | null): boolean => t !== null && LIVE.has(t.status);

export function sessionStatusOf(s: AgiSession, t: TaskView | null): string {
  if (s.deleted) return 'terminated';
  if (s.paused) return 'paused';
  if (!t) return 'ready';
  if (LIVE.has(t.status)) return 'running';
  if (t.status === 'done') return 'completed';
  if (t.status === 'failed') return 'error';
  return 'ready';
}

export function executionStatusOf(t: TaskView | null): string {
  if (!t) return 'finished';
  if (t.status === 'waiting_for_input') return 'waiting_for_input';
  if (LIVE.has(t.status)) return 'running';
  return t.status === 'failed' ? 'error' : 'finished';
}

export async function sessionStatus(surface: Surface, s: AgiSession): Promise<string> {
  return sessionStatusOf(s, await taskOf(surface, s));
}
