// Agent tasks as a plugin (agent.md §6–§7): the task routes, their SSE stream, and the manager whose
// browser calls go back through this same hono app (in-process), authenticated as the daemon.
import type { Context, Next } from 'hono';
import { streamSSE } from 'hono/streaming';
import { API_PREFIX } from '../app.ts';
import type { DaemonPlugin } from '../plugins.ts';
import { TaskManager } from './taskManager.ts';
import { managerOf, setManager, taskRoutes } from './taskRoutes.ts';

const HEARTBEAT_MS = 15_000;

export const tasksPlugin: DaemonPlugin = {
  name: 'tasks',
  routes: taskRoutes,
  install(app, deps) {
    const manager = new TaskManager(deps);
    setManager(deps, manager);
    manager.attach(async (method, path, body, signal) => {
      // Port 0 (tests, --port 0) makes the Host check accept any port for in-process requests.
      const headers: Record<string, string> = { host: `127.0.0.1:${deps.config.port || 8222}` };
      if (deps.config.authToken) headers.authorization = `Bearer ${deps.config.authToken}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const r = await app.request(API_PREFIX + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
      const text = await r.text();
      let parsed: unknown = {};
      try { parsed = text ? JSON.parse(text) : {}; } catch { parsed = { error: text.slice(0, 300) }; }
      return { status: r.status, body: parsed };
    });
    // SSE on the polling route's path (agent.md §7): frames `id: <event id>`, `event: <type>`, `data: <json>`.
    app.get(`${API_PREFIX}/tasks/:id/events`, async (c: Context, next: Next) => {
      if (!(c.req.header('accept') ?? '').includes('text/event-stream')) return next();
      const m = managerOf(deps);
      const task = m.get(c.req.param('id')!);
      const after = Number(c.req.query('after_id') ?? c.req.header('last-event-id') ?? 0) || 0;
      return streamSSE(c, async (stream) => {
        let last = after;
        let wake: (() => void) | null = null;
        const unsubscribe = m.subscribe(task.task_id, () => wake?.());
        const heartbeat = setInterval(() => { void stream.write(': heartbeat\n\n'); }, HEARTBEAT_MS);
        stream.onAbort(() => wake?.());
        try {
          while (!stream.aborted) {
            for (const e of m.store.events(task.task_id, last)) {
              await stream.writeSSE({ id: String(e.id), event: e.type, data: JSON.stringify(e.data) });
              last = e.id;
            }
            if (m.isFinal(task.task_id) && m.store.events(task.task_id, last).length === 0) break;
            await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 1000); });
          }
        } finally { clearInterval(heartbeat); unsubscribe(); }
      });
    });
  },
  async stop(deps) { await managerOf(deps).stop(); },
};
