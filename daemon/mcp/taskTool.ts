// MCP `browser_task` (agent.md §7): runs an agent task through POST /tasks and waits for it,
// sending one progress notification per step; the answer (or result) is the tool's reply.
import type { ToolDef, ToolReply } from './toolSchema.ts';

const FINAL = new Set(['done', 'failed', 'cancelled']);
const POLL_MS = 250;

export const taskTool: ToolDef = {
  name: 'browser_task',
  description: 'Run a whole browser task in plain language with the daemon\'s own agent and model (not you): it observes, acts and answers by itself, then returns {status, answer, result, error, stats}. Needs a configured LLM (503 LLM_NOT_CONFIGURED otherwise). Use it to delegate a multi-step job; use the other tools to drive the page yourself.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  routes: ['POST /tasks', 'GET /tasks/:', 'GET /tasks/:/events', 'POST /tasks/:/cancel'],
  args: {
    task: { from: 'POST /tasks', required: true },
    url: { from: 'POST /tasks' },
    data: { from: 'POST /tasks' },
    guardrails: { from: 'POST /tasks' },
    max_steps: { from: 'POST /tasks' },
    schema: { from: 'POST /tasks' },
    session_id: { from: 'POST /tasks' },
    model: { from: 'POST /tasks' },
  },
  async run(ctx): Promise<ToolReply> {
    const created = await ctx.call('POST /tasks', { body: ctx.args });
    if (created.status !== 201) return created;
    const id = String((created.json as { task_id: string }).task_id);
    let after = 0;
    let steps = 0;
    try {
      for (;;) {
        const page = await ctx.call('GET /tasks/:/events', { params: [id], query: { after_id: after } });
        const body = page.json as { status?: string; events?: { id: number; type: string; data: Record<string, unknown> }[] } | undefined;
        for (const e of body?.events ?? []) {
          after = e.id;
          if (e.type === 'agent:action') {
            steps += 1;
            await ctx.progress?.(steps, `${String(e.data.action)}${e.data.ref ? ` [${String(e.data.ref)}]` : ''}`);
          }
        }
        if (!body?.status || FINAL.has(body.status)) break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } catch (err) {
      // The MCP client went away (cancelled request): the task stops with it.
      await ctx.call('POST /tasks/:/cancel', { params: [id] }).catch(() => undefined);
      throw err;
    }
    return ctx.call('GET /tasks/:', { params: [id] });
  },
};
