// `abpd agent "<task>"` (agent.md §8): runs a task on the daemon on --host/--port (or one started
// in this process, as `abpd run` does) and prints its progress live: one line per step on stderr,
// the final answer on stdout; `--json` prints the event stream as NDJSON instead. Exit 0 / 1 / 2.
import { defaultConfig } from '../config.ts';
import { sleep, type DaemonClient, type Json } from './client.ts';
import type { Command } from './command.ts';
import { bindOptions, parseCommandLine, START_OPTIONS, UsageError, type OptionDef } from './options.ts';
import { connect } from './runCommand.ts';

interface AgentSettings { url?: string; data?: Record<string, unknown>; guardrails?: string; maxSteps?: number; json: boolean; schema?: Record<string, unknown> }

const parseJson = (flag: string, raw: string): Record<string, unknown> => {
  let v: unknown;
  try { v = JSON.parse(raw); } catch (err) { throw new UsageError(`--${flag}: not JSON (${(err as Error).message}); e.g. --${flag} '{"email":"a@b.test"}'`); }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError(`--${flag}: a JSON object, e.g. '{"email":"a@b.test"}'`);
  return v as Record<string, unknown>;
};

const AGENT_OPTIONS: OptionDef<AgentSettings>[] = [
  { flag: 'url', env: 'ABPD_AGENT_URL', type: 'string', arg: 'URL', help: 'page to start on', apply: (s, v) => { s.url = v as string; } },
  { flag: 'data', env: 'ABPD_AGENT_DATA', type: 'string', arg: 'JSON', help: 'values for forms (the model sees keys, never values)', apply: (s, v) => { s.data = parseJson('data', v as string); } },
  { flag: 'schema', env: 'ABPD_AGENT_SCHEMA', type: 'string', arg: 'JSON', help: 'JSON Schema the result must match', apply: (s, v) => { s.schema = parseJson('schema', v as string); } },
  { flag: 'guardrails', env: 'ABPD_AGENT_GUARDRAILS', type: 'string', arg: 'TEXT', help: 'rules the agent must keep ("browse and extract only", "stay on example.com")', apply: (s, v) => { s.guardrails = v as string; } },
  { flag: 'max-steps', env: 'ABPD_AGENT_MAX_STEPS', type: 'int', help: 'most steps (1..100, default 50)', apply: (s, v) => {
    if ((v as number) < 1 || (v as number) > 100) throw new UsageError('--max-steps: 1..100');
    s.maxSteps = v as number;
  } },
  { flag: 'json', env: 'ABPD_AGENT_JSON', type: 'bool', help: 'print every event as one JSON line (NDJSON) on stdout', apply: (s, v) => { s.json = v as boolean; } },
];

const FINAL = new Set(['done', 'failed', 'cancelled']);
const POLL_MS = 200;

/** One progress line per step: the action and its target, then how it went. */
function progress(): (e: { type: string; data: Json }) => string | null {
  let step = 0;
  let pending: string | null = null;
  return (e) => {
    const d = e.data;
    switch (e.type) {
      case 'agent:step': step = Number(d.currentIteration) + 1; return null;
      case 'task:started': return `plan: ${String(d.plan)}`;
      case 'agent:action': {
        const line = `step ${step}: ${String(d.action)}${d.ref ? ` [${String(d.ref)}]` : ''}${d.value !== undefined ? ` ${JSON.stringify(d.value)}` : ''}`;
        if (['extract', 'done', 'abort', 'ask_user', 'request_form_data'].includes(String(d.action))) { pending = null; return line; }
        pending = line;
        return null;
      }
      case 'browser:action_completed': {
        const line = `${pending ?? `step ${step}`} → ${d.success ? 'ok' : `failed: ${String(d.error)}`}`;
        pending = null;
        return line;
      }
      case 'browser:navigated': return `  at ${String(d.title || '')} ${String(d.url)}`.trimEnd();
      case 'firewall:blocked': case 'firewall:blocked_non_interactive': return `  ${String(d.message)}`;
      case 'agent:question': return `  question (answer with POST /api/v1/tasks/…/input {"answer": …}): ${String(d.question)}`;
      case 'task:validated': return `  validation: ${String(d.completionQuality)}${d.feedback ? ` (${String(d.feedback)})` : ''}`;
      case 'error': return `error: ${String((d.error as Json | undefined)?.message ?? '')}`;
      default: return null;
    }
  };
}

async function follow(client: DaemonClient, taskId: string, settings: AgentSettings): Promise<Json> {
  let after = 0;
  const line = progress();
  for (;;) {
    const r = await client.call('GET', `/tasks/${taskId}/events?after_id=${after}`);
    if (r.status !== 200) throw new Error(`GET /tasks/${taskId}/events: ${String(r.body.error ?? r.status)}`);
    for (const e of r.body.events as { id: number; type: string; data: Json }[]) {
      after = e.id;
      if (settings.json) process.stdout.write(`${JSON.stringify(e)}\n`);
      else { const text = line(e); if (text) process.stderr.write(`${text}\n`); }
    }
    if (FINAL.has(String(r.body.status))) {
      const more = await client.call('GET', `/tasks/${taskId}/events?after_id=${after}`);
      if ((more.body.events as unknown[] | undefined)?.length) continue;
      return (await client.call('GET', `/tasks/${taskId}`)).body;
    }
    await sleep(POLL_MS);
  }
}

async function agentCommand(argv: string[]): Promise<number> {
  const config = defaultConfig();
  const settings: AgentSettings = { json: false };
  const { positionals, given } = parseCommandLine([...bindOptions(AGENT_OPTIONS, settings), ...bindOptions(START_OPTIONS, config)], argv, process.env, 'abpd agent');
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'which task? e.g. abpd agent "find the cheapest lamp" --url https://shop.test' : `one task at a time, in quotes (got ${positionals.length} arguments)`);
  const { client, daemon } = await connect(config, given.some((g) => g.spec.flag === 'log-level'), 'agent', 'this task');
  let taskId: string | null = null;
  const onSignal = (): void => { if (taskId) void client.call('POST', `/tasks/${taskId}/cancel`).catch(() => undefined); };
  process.on('SIGINT', onSignal);
  try {
    const created = await client.call('POST', '/tasks', {
      task: positionals[0], url: settings.url, data: settings.data, guardrails: settings.guardrails, max_steps: settings.maxSteps, schema: settings.schema,
    });
    if (created.status === 400) throw new UsageError(String(created.body.error));
    if (created.status !== 201) { process.stderr.write(`abpd agent: ${String(created.body.error ?? created.status)}\n`); return 1; }
    taskId = String(created.body.task_id);
    if (!settings.json) process.stderr.write(`task ${taskId} in session ${String(created.body.session_id)}\n`);
    const task = await follow(client, taskId, settings);
    if (!settings.json) {
      if (task.status === 'done') process.stdout.write(`${task.result !== null && task.result !== undefined ? JSON.stringify(task.result) : String(task.answer ?? '')}\n`);
      else process.stderr.write(`abpd agent: task ${String(task.status)}: ${String((task.error as Json | null)?.code ?? '')} ${String((task.error as Json | null)?.message ?? '')}\n`);
    }
    return task.status === 'done' ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await daemon?.stop('agent task finished');
  }
}

export const agentCommandDef: Command = {
  name: 'agent',
  args: '"TASK"',
  summary: 'run a task in plain language with the configured model and print its progress',
  details: [
    'Creates a task (POST /api/v1/tasks) on the daemon at --host/--port, or on one started in this process when none answers (then the --llm-* options below choose the model). Progress goes to stderr, one line per step (action, target, outcome); the final answer (or the result JSON with --schema) goes to stdout. --json prints every event as an NDJSON line on stdout instead. Ctrl-C cancels the task.',
    'Exit 0 when the task is done, 1 when it failed or was cancelled (or no model is configured: 503 LLM_NOT_CONFIGURED says what to set), 2 on bad usage.',
  ],
  options: [
    { title: 'task options', options: AGENT_OPTIONS },
    { title: 'daemon options (connecting: port, host, auth-token; the rest when a daemon is started)', options: START_OPTIONS },
  ],
  run: agentCommand,
};
