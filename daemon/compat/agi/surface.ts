// The AGI surface of one daemon: its sessions, in-process calls into the daemon's routes (as the
// daemon: the caller's key was checked against the same token), webhooks, and the watcher that
// turns a task's terminal events into the `done` / `question` / `error` webhooks.
import type { Hono } from 'hono';
import type { Deps } from '../../routes/types.ts';
import { subscribeSessionEvents } from '../../sessions/api.ts';
import { DaemonCalls } from '../daemonCalls.ts';
import { compatDispatch } from '../keys.ts';
import { AgiState, type AgiSession } from './state.ts';
import { sessionStatus } from './status.ts';
import { Webhooks } from './webhooks.ts';

export class Surface {
  readonly state = new AgiState();
  readonly calls: DaemonCalls;
  readonly webhooks: Webhooks;

  constructor(app: Hono, readonly deps: Deps) {
    this.calls = new DaemonCalls(compatDispatch(app, deps.config, this.hostHeader()));
    this.webhooks = new Webhooks(deps.log);
  }

  hostHeader(): string { return `127.0.0.1:${this.deps.config.port || 8222}`; }
  origin(): string { return `http://${this.hostHeader()}`; }

  webhook(s: AgiSession, event: string, data: Record<string, unknown>): void {
    if (s.webhookUrl) this.webhooks.send(s.webhookUrl, s.id, event, data);
  }

  /** session.status_changed after pause/resume/cancel, with the status it has now. */
  statusChanged(s: AgiSession, cause: string): void {
    if (!s.webhookUrl) return;
    void sessionStatus(this, s).then((status) => {
      this.webhook(s, 'session.status_changed', { status, previous_status: s.reportedStatus, cause });
      s.reportedStatus = status;
    }).catch(() => undefined);
  }

  /** Follows the task in the session log: hands held information to its question, fires the terminal webhooks. */
  watch(s: AgiSession, taskId: string): void {
    const off = subscribeSessionEvents(this.deps.host, s.backendId, (e) => {
      if (e.data.task_id !== taskId) return;
      if (e.type === 'agent:question') {
        if (s.info.length > 0) {
          const answer = s.info.splice(0).join('\n');
          void this.calls.reply('POST', `/tasks/${taskId}/input`, { request_id: e.data.requestId, answer }).catch(() => undefined);
        }
        this.webhook(s, 'task.question', { task_id: taskId, message_id: e.id, text: e.data.question });
      } else if (e.type === 'complete') {
        const error = e.data.error as { code?: string; message?: string } | undefined;
        if (e.data.success === true) this.webhook(s, 'task.done', { task_id: taskId, message_id: e.id, text: e.data.finalAnswer, result: e.data.finalAnswer ?? null });
        else if (error?.code !== 'TASK_CANCELLED') this.webhook(s, 'task.error', { task_id: taskId, message_id: e.id, error: error?.message ?? 'the task failed' });
      } else if (e.type === 'done') {
        stop();
        s.info = [];
      }
    });
    const stop = (): void => { off(); const i = this.state.stops.indexOf(stop); if (i >= 0) this.state.stops.splice(i, 1); };
    this.state.stops.push(stop);
  }

  stop(): void {
    for (const stop of this.state.stops.splice(0)) stop();
    this.webhooks.stop();
  }
}
