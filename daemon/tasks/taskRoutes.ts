// /api/v1/tasks (agent.md §7): the native task API every vendor surface maps onto. Rows of the
// route table; the SSE form of /events is served by the plugin (plugin.ts) on the same path.
import { z } from 'zod';
import { schemaProblem } from '../../agent/schema.ts';
import { TASK_DEFAULTS, type TaskSpec } from '../../agent/task.ts';
import { ApiError } from '../errors.ts';
import type { Deps, RouteDef } from '../routes/types.ts';
import { policiesSchema } from '../sessions/policies.ts';
import type { TaskManager } from './taskManager.ts';
import type { TaskRecord } from './taskStore.ts';

const managers = new WeakMap<Deps, TaskManager>();
export function setManager(deps: Deps, m: TaskManager): void { managers.set(deps, m); }
export function managerOf(deps: Deps): TaskManager {
  const m = managers.get(deps);
  if (!m) throw new ApiError(503, 'TASKS_UNAVAILABLE', 'The task runner is not started yet; retry in a moment.');
  return m;
}

const secretEntry = z.union([z.string(), z.object({ value: z.string(), allowed_urls: z.array(z.string()).optional() })]);
const customTool = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'a tool name: letters, digits, _ and -'),
  description: z.string().max(2000).default(''),
  parameters: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
  timeout_ms: z.number().int().min(1000).max(600_000).optional(),
});
const RESERVED = new Set(['click', 'fill', 'select', 'hover', 'check', 'uncheck', 'focus', 'enter', 'scroll', 'wait', 'goto', 'back', 'forward', 'extract', 'done', 'abort', 'ask_user', 'request_form_data']);

export const createTaskBody = z.object({
  task: z.string().min(1, 'task: required, the task in plain language').max(20_000),
  url: z.string().url().optional(),
  session_id: z.string().optional(),
  /** A new session's settings (sessions.md §2 body): policies are checked here, not when the task starts. */
  session: z.object({ policies: policiesSchema.optional() }).loose().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  secrets: z.record(z.string(), secretEntry).optional(),
  guardrails: z.string().max(5000).optional(),
  max_steps: z.number().int().min(1).max(100).optional(),
  max_validation_attempts: z.number().int().min(1).max(10).optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  interactive: z.boolean().optional(),
  custom_tools: z.array(customTool).max(32).optional(),
  model: z.enum(['default', 'fast']).optional(),
  max_elements: z.number().int().min(1).max(500).optional(),
  deadline_ms: z.number().int().min(1000).max(3_600_000).optional(),
}).strict();

export function specFrom(b: z.infer<typeof createTaskBody>): TaskSpec {
  if (b.schema) {
    const problem = schemaProblem(b.schema);
    if (problem) throw new ApiError(400, 'INVALID_PARAMS', `schema: not a usable JSON Schema (${problem})`);
  }
  for (const t of b.custom_tools ?? []) {
    if (RESERVED.has(t.name)) throw new ApiError(400, 'INVALID_PARAMS', `custom_tools: "${t.name}" is a built-in tool name; pick another`);
  }
  return {
    task: b.task, url: b.url, data: b.data, guardrails: b.guardrails, schema: b.schema,
    secrets: b.secrets ? Object.fromEntries(Object.entries(b.secrets).map(([k, v]) => [k, typeof v === 'string' ? v : { value: v.value, allowedUrls: v.allowed_urls }])) : undefined,
    maxSteps: b.max_steps ?? TASK_DEFAULTS.maxSteps, maxValidationAttempts: b.max_validation_attempts ?? TASK_DEFAULTS.maxValidationAttempts,
    interactive: b.interactive ?? false, model: b.model ?? 'default', deadlineMs: b.deadline_ms ?? TASK_DEFAULTS.deadlineMs,
    maxElements: b.max_elements ?? TASK_DEFAULTS.maxElements,
    customTools: (b.custom_tools ?? []).map((t) => ({ name: t.name, description: t.description, parameters: t.parameters, timeoutMs: t.timeout_ms })),
  };
}

export function publicTask(r: TaskRecord): Record<string, unknown> {
  return { task_id: r.task_id, session_id: r.session_id, tab_id: r.tab_id, status: r.status, task: r.task, answer: r.answer, result: r.result,
    error: r.error, stats: r.stats, created_at: r.created_at, updated_at: r.updated_at };
}

const inputBody = z.object({
  request_id: z.string().optional(), tool_call_id: z.string().optional(),
  fields: z.array(z.object({ ref: z.string(), value: z.string() })).optional(),
  cancelled: z.boolean().optional(), answer: z.string().optional(), output: z.unknown().optional(),
}).strict().refine((b) => b.fields || b.cancelled || b.answer !== undefined || b.tool_call_id, {
  message: 'send {request_id, fields} | {request_id, cancelled: true} | {answer} | {tool_call_id, output}',
});

const control = (verb: 'cancel' | 'pause' | 'resume'): RouteDef => ({
  name: `task_${verb}`, method: 'POST', path: `/tasks/:id/${verb}`, kind: 'query', summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} a task (409 naming its status when it cannot).`,
  async handle(req, deps) { return { json: publicTask(managerOf(deps)[verb](req.params.id!)) }; },
});

export const taskRoutes: RouteDef[] = [
  {
    name: 'task_create', method: 'POST', path: '/tasks', kind: 'query', body: createTaskBody,
    docs: { group: 'tasks', answer: '201 {task_id, session_id, status}', example: { task: 'Find the cheapest lamp and its price', url: 'https://shop.example/', guardrails: 'Browse and extract only', max_steps: 20 },
      errors: [{ status: 503, code: 'LLM_NOT_CONFIGURED', when: 'no model is configured (the message says which flag or variable to set)' }] },
    summary: 'Run a task in plain language with the configured model (503 LLM_NOT_CONFIGURED without one).',
    async handle(req, deps) {
      const b = req.body as z.infer<typeof createTaskBody>;
      const r = managerOf(deps).create({ spec: specFrom(b), sessionId: b.session_id, session: b.session });
      return { status: 201, json: { task_id: r.task_id, session_id: r.session_id, status: r.status } };
    },
  },
  {
    name: 'task_list', method: 'GET', path: '/tasks', kind: 'query', summary: 'Task records, oldest first.',
    query: z.object({ status: z.enum(['waiting', 'running', 'paused', 'waiting_for_input', 'done', 'failed', 'cancelled']).optional() }).loose(),
    async handle(req, deps) { return { json: { tasks: managerOf(deps).store.list(req.query.status).map(publicTask) } }; },
  },
  {
    name: 'task_get', method: 'GET', path: '/tasks/:id', kind: 'query', summary: 'One task: status, answer, result, error, stats.',
    async handle(req, deps) { return { json: publicTask(managerOf(deps).get(req.params.id!)) }; },
  },
  {
    name: 'task_events', method: 'GET', path: '/tasks/:id/events', kind: 'query',
    summary: 'The task\'s events after after_id (Accept: text/event-stream for SSE).',
    query: z.object({ after_id: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }).loose(),
    async handle(req, deps) {
      const m = managerOf(deps);
      const task = m.get(req.params.id!);
      return { json: { task_id: task.task_id, status: task.status, events: m.store.events(task.task_id, req.query.after_id ?? 0, req.query.limit ?? 1000) } };
    },
  },
  control('cancel'), control('pause'), control('resume'),
  {
    name: 'task_input', method: 'POST', path: '/tasks/:id/input', kind: 'query', body: inputBody,
    docs: { group: 'tasks', answer: '202 {"status": "accepted"}', example: { request_id: '3f0c…', fields: [{ ref: 'email_txt', value: 'jo@example.test' }] },
      errors: [{ status: 410, code: 'INPUT_NOT_PENDING', when: 'nothing waits for that request (expired, answered, or never asked)' }] },
    summary: 'Answer a waiting task: form fields, an ask_user answer, or a custom tool\'s output.',
    async handle(req, deps) {
      managerOf(deps).input(req.params.id!, req.body);
      return { status: 202, json: { status: 'accepted' } };
    },
  },
];
