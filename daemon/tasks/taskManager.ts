// Agent tasks in the daemon (agent.md §6–§7): FIFO admission under --max-agent-tasks, one tab (in
// its own session when sessions exist) per task, the loop over a RoutePort, and the controls —
// cancel, pause/resume, the client's answers — plus live subscribers for SSE and MCP progress.
import { randomBytes } from 'node:crypto';
import type { AgentEventType } from '../../agent/events.ts';
import { runTask } from '../../agent/loop.ts';
import type { InputAnswer, TaskIO, TaskSpec } from '../../agent/task.ts';
import { ApiError } from '../errors.ts';
import type { Deps } from '../routes/types.ts';
import { appendSessionEvent, setSessionTask } from '../sessions/api.ts';
import { RoutePort, type AppCall } from './routePort.ts';
import { FINAL_STATUSES, TaskStore, type TaskEvent, type TaskRecord, type TaskStatus } from './taskStore.ts';

export interface CreateTask { spec: TaskSpec; sessionId?: string; session?: Record<string, unknown> }

interface Pending { kind: 'question' | 'form' | 'tool'; resolve(answer: InputAnswer): void }

class Live {
  controller = new AbortController();
  paused = false;
  #resumers: (() => void)[] = [];
  pending = new Map<string, Pending>();
  subscribers = new Set<(e: TaskEvent) => void>();
  nextEventId: number;
  sessionId: string | null = null;
  /** The session was made for this task (closed when it ends) rather than named by the client. */
  ownSession = false;
  constructor(readonly id: string, readonly create: CreateTask, lastEventId: number) { this.nextEventId = lastEventId + 1; }
  resume(): void { this.paused = false; for (const r of this.#resumers.splice(0)) r(); }
  gate(signal: AbortSignal): Promise<void> {
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#resumers.push(() => { signal.removeEventListener('abort', onAbort); resolve(); });
    });
  }
}

export class TaskManager {
  readonly store: TaskStore;
  #live = new Map<string, Live>();
  #queue: string[] = [];
  #running = 0;
  #call: AppCall | null = null;
  #stopping = false;

  constructor(private readonly deps: Deps) {
    this.store = new TaskStore(deps.config.sessionDir);
    const failed = this.store.failInterrupted();
    if (failed) deps.log.info(`tasks: ${failed} task(s) of the previous run marked failed (daemon_restarted)`);
  }

  /** The hono app, once built: every browser call of a task goes through it. */
  attach(call: AppCall): void { this.#call = call; }

  create(c: CreateTask): TaskRecord {
    if (this.deps.llm.problem) {
      throw new ApiError(503, 'LLM_NOT_CONFIGURED', `Agent tasks need a model: ${this.deps.llm.problem}. Every browser route keeps working without one.`);
    }
    const now = Date.now();
    const { secrets: _secrets, ...params } = { ...c.spec, secrets: undefined, data: c.spec.data ? Object.keys(c.spec.data) : undefined };
    const record: TaskRecord = {
      task_id: `task_${randomBytes(12).toString('base64url')}`, session_id: c.sessionId ?? 'default', tab_id: null, status: 'waiting',
      task: c.spec.task, params: params as Record<string, unknown>, answer: null, result: null, error: null, stats: null, created_at: now, updated_at: now,
    };
    this.store.insert(record);
    this.#live.set(record.task_id, new Live(record.task_id, c, 0));
    this.#queue.push(record.task_id);
    this.#pump();
    return this.store.get(record.task_id)!;
  }

  get(id: string): TaskRecord {
    const r = this.store.get(id);
    if (!r) throw new ApiError(404, 'TASK_NOT_FOUND', `No task ${id}: list tasks with GET /api/v1/tasks.`);
    return r;
  }

  subscribe(id: string, fn: (e: TaskEvent) => void): () => void {
    const live = this.#live.get(id);
    if (!live) return () => undefined;
    live.subscribers.add(fn);
    return () => live.subscribers.delete(fn);
  }

  isFinal(id: string): boolean { return FINAL_STATUSES.includes(this.get(id).status); }

  cancel(id: string): TaskRecord {
    const r = this.#controllable(id, ['waiting', 'running', 'paused', 'waiting_for_input'], 'cancel');
    const live = this.#live.get(id)!;
    // `waiting` covers two moments: still queued (finish it here), or dequeued and opening its tab
    // (then #run owns it: abort, and #run ends it as cancelled before the loop starts).
    if (r.status === 'waiting' && this.#queue.includes(id)) {
      this.#queue = this.#queue.filter((q) => q !== id);
      this.#emit(live, 'complete', { finalAnswer: null, success: false, error: { code: 'TASK_CANCELLED', message: 'cancelled before it started' } });
      this.#emit(live, 'done', {});
      this.#finish(id, { status: 'cancelled', error: { code: 'TASK_CANCELLED', message: 'cancelled before it started' } });
    } else {
      live.controller.abort(new Error('cancelled'));
    }
    return this.get(id);
  }

  pause(id: string): TaskRecord {
    this.#controllable(id, ['running', 'waiting_for_input'], 'pause');
    this.#live.get(id)!.paused = true;
    this.store.update(id, { status: 'paused' });
    this.#emit(this.#live.get(id)!, 'agent:status', { message: 'paused' });
    return this.get(id);
  }

  resume(id: string): TaskRecord {
    this.#controllable(id, ['paused'], 'resume');
    const live = this.#live.get(id)!;
    this.store.update(id, { status: live.pending.size ? 'waiting_for_input' : 'running' });
    live.resume();
    this.#emit(live, 'agent:status', { message: 'resumed' });
    return this.get(id);
  }

  /** POST /tasks/{id}/input: a form's fields, a cancelled form, an ask_user answer or a custom tool's output. */
  input(id: string, body: { request_id?: string; tool_call_id?: string; fields?: { ref: string; value: string }[]; cancelled?: boolean; answer?: string; output?: unknown }): void {
    this.get(id);
    const live = this.#live.get(id);
    const key = body.request_id ?? body.tool_call_id ?? (body.answer !== undefined ? [...(live?.pending ?? new Map())].find(([, p]) => p.kind === 'question')?.[0] : undefined);
    const pending = key ? live?.pending.get(key) : undefined;
    if (!live || !key || !pending) {
      throw new ApiError(410, 'INPUT_NOT_PENDING', `Task ${id} is not waiting for ${key ? `request ${key}` : 'an answer'} (it expired, was answered, or never existed); see GET /api/v1/tasks/${id}/events.`);
    }
    live.pending.delete(key);
    if (body.cancelled) pending.resolve({ kind: 'cancelled' });
    else if (body.fields) pending.resolve({ kind: 'fields', fields: body.fields });
    else if (body.tool_call_id) pending.resolve({ kind: 'tool_output', output: body.output ?? null });
    else pending.resolve({ kind: 'answer', answer: String(body.answer ?? '') });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#queue = [];
    for (const live of this.#live.values()) live.controller.abort(new Error('daemon stopping'));
    // The loops notice within one step; their final writes are awaited by the failInterrupted of the next run otherwise.
    const deadline = Date.now() + 5_000;
    while (this.#running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    this.store.failInterrupted();
    this.store.close();
  }

  #controllable(id: string, allowed: TaskStatus[], verb: string): TaskRecord {
    const r = this.get(id);
    if (!allowed.includes(r.status) || !this.#live.has(id)) throw new ApiError(409, 'TASK_NOT_' + verb.toUpperCase() + 'ABLE', `Cannot ${verb} task ${id}: it is ${r.status}.`);
    return r;
  }

  #emit(live: Live, type: AgentEventType, data: Record<string, unknown>): void {
    const event: TaskEvent = { id: live.nextEventId++, ts: Date.now(), type, data: { ...data, timestamp: Date.now() } };
    try { this.store.appendEvent(live.id, event); } catch (err) { this.deps.log.error(`task ${live.id}: event not stored: ${(err as Error).message}`); }
    // sessions.md §6: agent events are part of the session's own log too.
    if (live.sessionId) {
      try { appendSessionEvent(this.deps.host, live.sessionId, type, { ...event.data, task_id: live.id }); } catch (err) {
        this.deps.log.error(`task ${live.id}: session log append failed: ${(err as Error).message}`);
      }
    }
    for (const fn of live.subscribers) fn(event);
  }

  #finish(id: string, fields: Parameters<TaskStore['update']>[1]): void {
    this.store.update(id, fields);
    const live = this.#live.get(id);
    if (live) for (const p of live.pending.values()) p.resolve({ kind: 'cancelled' });
    this.#live.delete(id);
  }

  #pump(): void {
    while (this.#running < this.deps.config.maxAgentTasks && this.#queue.length > 0) {
      const id = this.#queue.shift()!;
      this.#running += 1;
      void this.#run(id).finally(() => { this.#running -= 1; this.#pump(); });
    }
  }

  async #run(id: string): Promise<void> {
    const live = this.#live.get(id)!;
    const call = this.#call!;
    const io: TaskIO = {
      emit: (type, data) => this.#emit(live, type, data),
      gate: (signal) => live.gate(signal),
      waitForInput: (requestId, kind, timeoutMs, signal) => new Promise<InputAnswer>((resolve, reject) => {
        const timer = setTimeout(() => { live.pending.delete(requestId); resolve({ kind: 'timeout' }); }, timeoutMs);
        const onAbort = (): void => { clearTimeout(timer); live.pending.delete(requestId); reject(signal.reason); };
        signal.addEventListener('abort', onAbort, { once: true });
        live.pending.set(requestId, { kind, resolve: (a) => { clearTimeout(timer); signal.removeEventListener('abort', onAbort); resolve(a); } });
      }),
      setWaiting: (waiting) => { if (!live.paused) this.store.update(id, { status: waiting ? 'waiting_for_input' : 'running' }); },
    };
    let tabId: string | null = null;
    try {
      const opened = await this.#openTab(call, live.create);
      tabId = opened.tabId;
      live.sessionId = opened.sessionId;
      live.ownSession = !live.create.sessionId && opened.sessionId !== 'default';
      if (live.controller.signal.aborted) throw new CancelledBeforeStart();
      this.store.update(id, { status: 'running', tab_id: opened.tabId, session_id: opened.sessionId });
      // GET /sessions/{id} shows the task, and the session is `running` while it runs (sessions.md §2).
      this.#sessionTask(opened.sessionId, { task_id: id, task: live.create.spec.task });
      const outcome = await runTask(live.create.spec, new RoutePort(call, opened.tabId, opened.sessionId), io, this.deps.llm, live.controller.signal);
      const cancelled = outcome.error?.code === 'TASK_CANCELLED';
      if (this.#stopping) {
        // agent.md §6: a task the daemon's stop interrupted is failed, as after a crash.
        this.#finish(id, { status: 'failed', answer: null, error: { code: 'daemon_restarted', message: 'the daemon stopped while the task was running' }, stats: { ...outcome.stats } });
        return;
      }
      this.#finish(id, { status: cancelled ? 'cancelled' : outcome.success ? 'done' : 'failed', answer: outcome.answer, result: outcome.result ?? null, error: outcome.error ?? null, stats: { ...outcome.stats } });
    } catch (err) {
      if (err instanceof CancelledBeforeStart) {
        this.#emit(live, 'complete', { finalAnswer: null, success: false, error: { code: 'TASK_CANCELLED', message: 'cancelled before it started' } });
        this.#emit(live, 'done', {});
        this.#finish(id, { status: 'cancelled', tab_id: tabId, ...(live.sessionId ? { session_id: live.sessionId } : {}), error: { code: 'TASK_CANCELLED', message: 'cancelled before it started' } });
        return void (await this.#cleanUp(call, live, tabId));
      }
      const message = (err as Error).message;
      this.#emit(live, 'error', { success: false, error: { message, code: 'TASK_FAILED', timestamp: new Date().toISOString() } });
      this.#emit(live, 'done', {});
      this.#finish(id, { status: 'failed', error: { code: 'TASK_FAILED', message } });
    }
    await this.#cleanUp(call, live, tabId);
  }

  async #cleanUp(call: AppCall, live: Live, tabId: string | null): Promise<void> {
    const id = live.id;
    if (live.sessionId) this.#sessionTask(live.sessionId, null);
    // A session made for the task ends with it (--max-sessions is small); name a session_id to keep one.
    if (live.ownSession && live.sessionId) {
      const closed = await call('DELETE', `/sessions/${live.sessionId}`).catch((err: Error) => ({ status: 0, body: { error: err.message } }));
      if (closed.status !== 200) this.deps.log.info(`task ${id}: its session ${live.sessionId} was not closed: ${closed.body?.error ?? closed.status}`);
    } else if (tabId && !live.create.sessionId) {
      await call('DELETE', `/tabs/${tabId}`).catch(() => undefined); // already closed by the page: fine
    }
  }

  #sessionTask(sessionId: string, task: Record<string, unknown> | null): void {
    if (sessionId === 'default') return;
    try { setSessionTask(this.deps.host, sessionId, task); } catch (err) { this.deps.log.debug(`task: session ${sessionId}: ${(err as Error).message}`); } // closed meanwhile: fine
  }

  /** A session of its own when the sessions API exists (and none was named), else a new tab in the default one. */
  async #openTab(call: AppCall, c: CreateTask): Promise<{ tabId: string; sessionId: string }> {
    if (c.sessionId) {
      const r = await call('POST', '/tabs', { session_id: c.sessionId });
      if (r.status !== 201) throw new Error(`could not open a tab in session ${c.sessionId}: ${r.body?.error ?? r.status}`);
      return { tabId: String(r.body.id), sessionId: c.sessionId };
    }
    const s = await call('POST', '/sessions', { ...(c.session ?? {}) });
    if (s.status === 201 && s.body?.tab_id) return { tabId: String(s.body.tab_id), sessionId: String(s.body.session_id) };
    if (s.status !== 404) throw new Error(`could not create the task's session: ${s.body?.error ?? s.status}`);
    const r = await call('POST', '/tabs', {});
    if (r.status !== 201) throw new Error(`could not open a tab: ${r.body?.error ?? r.status}`);
    return { tabId: String(r.body.id), sessionId: 'default' };
  }
}

/** A cancel that came while the task was opening its tab: it ends before the loop runs. */
class CancelledBeforeStart extends Error { constructor() { super('cancelled before it started'); } }
