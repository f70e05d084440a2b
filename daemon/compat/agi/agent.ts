// The agent side of an AGI session (agent-apis.md §1.2.1) onto /api/v1/tasks: a message starts a
// task in the session, answers the agent's pending QUESTION, or — mid-task with nothing asked — is
// kept as information and handed over as the answer to the agent's next question (the loop takes
// no input between its steps). pause/resume/cancel are the task's controls plus the idle session's
// own pause flag; messages/status read the session's event log and the task record.
import { ApiError } from '../../errors.ts';
import { appendSessionEvent, readSessionEvents } from '../../sessions/api.ts';
import { AgiError, badRequest, checkHttpUrl, ok } from './http.ts';
import { PageTracker, PAUSED, RESUMED, toMessage, USER_MESSAGE, visible, type AgiMessage } from './messages.ts';
import type { AgiSession } from './state.ts';
import { executionStatusOf, isLive, taskOf } from './status.ts';
import type { Surface } from './surface.ts';

const MAX_MESSAGE = 10_000;

function parseMessage(body: Record<string, unknown>): { message: string; startUrl?: string } {
  const message = body.message;
  if (message === undefined || message === null) throw badRequest('message: required, the task or answer in plain language (1-10,000 characters)');
  if (typeof message !== 'string') throw badRequest('message: must be a string');
  if (message.trim().length === 0) throw badRequest('message: must not be empty');
  if (message.length > MAX_MESSAGE) throw badRequest(`message: at most ${MAX_MESSAGE} characters (got ${message.length}); shorten it or send it in parts`);
  if (/[\uD800-\uDFFF]/u.test(message.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) throw badRequest('message: not valid UTF-8 (a lone surrogate)');
  const startUrl = body.start_url === undefined || body.start_url === null ? undefined : checkHttpUrl(body.start_url, 'start_url');
  return { message, startUrl };
}

function log(surface: Surface, s: AgiSession, type: string, data: Record<string, unknown> = {}): void {
  appendSessionEvent(surface.deps.host, s.backendId, type, data);
}

/** The page the session shows now (the last tab), for a task that should go on from there. */
async function currentTab(surface: Surface, s: AgiSession): Promise<{ id: string; url: string } | null> {
  const reply = await surface.calls.reply('GET', `/tabs?session_id=${encodeURIComponent(s.backendId)}`);
  const tabs = reply.status === 200 ? reply.json as { id: string; url: string }[] : [];
  return tabs.at(-1) ?? null;
}

export async function startTask(surface: Surface, s: AgiSession, message: string, startUrl?: string): Promise<void> {
  const tabs = await surface.calls.reply('GET', `/tabs?session_id=${encodeURIComponent(s.backendId)}`);
  const list = tabs.status === 200 ? tabs.json as { id: string; url: string }[] : [];
  const here = list.at(-1);
  const url = startUrl ?? (here && /^https?:/.test(here.url) ? here.url : undefined);
  // Each task opens its tab; earlier ones are closed so the session never runs into max_tabs.
  for (const t of list.slice(0, -1)) await surface.calls.reply('DELETE', `/tabs/${t.id}`).catch(() => undefined);
  let created: { task_id: string };
  try {
    created = await surface.calls.json<{ task_id: string }>('POST', '/tasks', {
      task: message, ...(url ? { url } : {}), session_id: s.backendId, model: s.agentName === 'agi-0-fast' ? 'fast' : 'default',
    });
  } catch (err) {
    if (err instanceof ApiError && err.status === 503) throw new AgiError(503, 'Agent not available', `The agent needs a model: ${err.message}`);
    throw err;
  }
  s.taskId = created.task_id;
  surface.webhook(s, 'task.started', { task_id: created.task_id, message });
  surface.watch(s, created.task_id);
}

export async function sendMessage(surface: Surface, s: AgiSession, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { message, startUrl } = parseMessage(body);
  const task = await taskOf(surface, s);
  if (task?.status === 'waiting_for_input') {
    log(surface, s, USER_MESSAGE, { message, as: 'answer' });
    await surface.calls.json('POST', `/tasks/${s.taskId}/input`, { answer: message });
  } else if (isLive(task)) {
    log(surface, s, USER_MESSAGE, { message, as: 'information' });
    s.info.push(message);
  } else if (s.paused) {
    log(surface, s, USER_MESSAGE, { message, as: 'queued' });
    s.queued.push({ message, startUrl });
  } else {
    log(surface, s, USER_MESSAGE, { message, as: 'task' });
    await startTask(surface, s, message, startUrl);
  }
  return ok('Message sent successfully');
}

function parseAfterId(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,15}$/.test(raw)) throw badRequest(`after_id: must be a whole number ≥ 0 (got "${raw}")`);
  return Number(raw);
}

export function parseBool(raw: string | undefined, field: string, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw badRequest(`${field}: must be true or false (got "${raw}")`);
}

export function messagesAfter(surface: Surface, s: AgiSession, afterId: number, sanitize: boolean): AgiMessage[] {
  const out: AgiMessage[] = [];
  const page = new PageTracker();
  // From the start: the page a step ran on may have been opened before after_id.
  let after = 0;
  for (;;) {
    const batch = readSessionEvents(surface.deps.host, s.backendId, { afterId: after, limit: 1000 });
    for (const e of batch) {
      const m = e.id > afterId ? toMessage(e, page.url) : null;
      page.see(e);
      if (m && visible(m, sanitize)) out.push(m);
    }
    if (batch.length < 1000) return out;
    after = batch.at(-1)!.id;
  }
}

export async function getMessages(surface: Surface, s: AgiSession, q: Record<string, string | undefined>): Promise<Record<string, unknown>> {
  const afterId = parseAfterId(q.after_id);
  const sanitize = parseBool(q.sanitize, 'sanitize', true);
  const task = await taskOf(surface, s);
  return { messages: messagesAfter(surface, s, afterId, sanitize), status: executionStatusOf(task), has_agent: isLive(task) };
}

export async function getStatus(surface: Surface, s: AgiSession): Promise<Record<string, unknown>> {
  return { status: executionStatusOf(await taskOf(surface, s)) };
}

/** The page's clock follows the agent (ABP execution control); an action in flight is let finish first (≤ 3 s). */
async function pausePage(surface: Surface, s: AgiSession, paused: boolean): Promise<void> {
  const tab = await currentTab(surface, s).catch(() => null);
  if (!tab) return;
  const deadline = Date.now() + 3_000;
  for (;;) {
    const r = await surface.calls.reply('POST', `/tabs/${tab.id}/execution`, { paused }).catch(() => null);
    if (!r || r.status !== 409 || Date.now() > deadline) {
      if (r && r.status !== 200) surface.deps.log.debug(`agi ${s.id}: page ${paused ? 'pause' : 'resume'}: ${r.status}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function pause(surface: Surface, s: AgiSession): Promise<Record<string, unknown>> {
  if (s.paused) throw new AgiError(409, 'already_paused', `Session ${s.id} is already paused; resume it with POST /sessions/${s.id}/resume.`);
  s.paused = true;
  const task = await taskOf(surface, s);
  if (task && (task.status === 'running' || task.status === 'waiting_for_input')) await surface.calls.reply('POST', `/tasks/${s.taskId}/pause`);
  await pausePage(surface, s, true);
  log(surface, s, PAUSED);
  surface.statusChanged(s, 'paused');
  return ok('Session paused successfully');
}

export async function resume(surface: Surface, s: AgiSession): Promise<Record<string, unknown>> {
  if (!s.paused) throw new AgiError(409, 'not_paused', `Session ${s.id} is not paused; pause it with POST /sessions/${s.id}/pause.`);
  s.paused = false;
  await pausePage(surface, s, false);
  const task = await taskOf(surface, s);
  if (task?.status === 'paused') await surface.calls.reply('POST', `/tasks/${s.taskId}/resume`);
  log(surface, s, RESUMED);
  const queued = s.queued.splice(0);
  if (queued.length > 0 && !isLive(task)) {
    await startTask(surface, s, queued.map((q) => q.message).join('\n\n'), queued.find((q) => q.startUrl)?.startUrl);
  }
  surface.statusChanged(s, 'resumed');
  return ok('Session resumed successfully');
}

export async function cancel(surface: Surface, s: AgiSession): Promise<Record<string, unknown>> {
  const wasPaused = s.paused;
  s.paused = false;
  s.queued = [];
  s.info = [];
  const task = await taskOf(surface, s);
  if (isLive(task)) {
    await surface.calls.reply('POST', `/tasks/${s.taskId}/cancel`);
    // The loop notices within a step; answer once the session is `ready` again (compat.md).
    const deadline = Date.now() + 15_000;
    while (isLive(await taskOf(surface, s)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
  if (wasPaused) await pausePage(surface, s, false);
  // The session is `ready` again whatever the last task left (compat.md); its messages stay in the log.
  if (!isLive(await taskOf(surface, s))) s.taskId = null;
  surface.statusChanged(s, 'cancelled');
  return ok('Session cancelled successfully');
}

