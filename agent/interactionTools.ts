// Tools that wait for the client (agent.md §3): ask_user (AGI QUESTION), request_form_data
// (interactive mode: a person's values are filled by the daemon and never reach the model), and
// the client's own custom tools (Smooth: the daemon emits tool_call and waits for the output).
import { randomUUID } from 'node:crypto';
import { jsonSchema, type Tool } from 'ai';
import type { ActOutcome } from './browserPort.ts';
import type { LoopState } from './loopState.ts';
import { TASK_DEFAULTS, type InputKind } from './task.ts';
import { stepTool } from './tools.ts';

type Args = Record<string, unknown>;

async function waitFor(s: LoopState, requestId: string, kind: InputKind, timeoutMs: number) {
  s.io.setWaiting?.(true);
  try { return await s.io.waitForInput(requestId, kind, timeoutMs, s.signal); } finally { s.io.setWaiting?.(false); }
}

async function askUser(s: LoopState, a: Args): Promise<ActOutcome> {
  const requestId = randomUUID();
  s.io.emit('agent:question', { requestId, question: String(a.question) });
  const reply = await waitFor(s, requestId, 'question', TASK_DEFAULTS.inputTimeoutMs);
  if (reply.kind === 'answer') return { ok: true, text: `the user answered: ${reply.answer}` };
  return { ok: false, text: reply.kind === 'cancelled' ? 'the user declined to answer' : 'no answer from the user' };
}

async function requestFormData(s: LoopState, a: Args): Promise<ActOutcome> {
  const fields = Array.isArray(a.fields) ? a.fields as Args[] : [];
  const requestId = randomUUID();
  const obs = await s.port.observe({ maxElements: 1, withImage: false, signal: s.signal }).catch(() => null);
  s.io.emit('interactive:form_data:request', { requestId, pageUrl: s.port.currentUrl(), pageTitle: obs?.title ?? '', formDescription: String(a.formDescription ?? ''), fields });
  const reply = await waitFor(s, requestId, 'form', TASK_DEFAULTS.inputTimeoutMs);
  if (reply.kind === 'cancelled') return { ok: false, text: 'the user cancelled the form request' };
  if (reply.kind !== 'fields') return { ok: false, text: 'no form data from the user' };
  const failures: string[] = [];
  for (const field of reply.fields) {
    s.protect.addInteractive(field.value);
    const spec = fields.find((f) => f.ref === field.ref);
    const action = spec?.fieldType === 'select' ? 'select' : spec?.fieldType === 'checkbox' ? (/^(true|on|yes|1)$/i.test(field.value) ? 'check' : 'uncheck') : 'fill';
    const outcome = await s.port.act({ agentId: field.ref, action, value: field.value }, s.signal);
    if (!outcome.ok) failures.push(`${field.ref}: ${s.protect.scrub(outcome.text)}`);
  }
  if (failures.length) {
    s.io.emit('interactive:form_data:error', { requestId, pageUrl: s.port.currentUrl(), fields, fieldErrors: Object.fromEntries(failures.map((f) => f.split(': ', 2) as [string, string])) });
    return { ok: false, text: `some fields could not be filled: ${failures.join('; ')}` };
  }
  return { ok: true, text: `the user filled ${reply.fields.length} field(s) (values hidden: shown as •••)` };
}

export function interactionTools(s: LoopState): Record<string, Tool> {
  const tools: Record<string, Tool> = {
    ask_user: stepTool(s, 'ask_user', 'Ask the user a question and wait for the answer.',
      jsonSchema<Args>({ type: 'object', properties: { question: { type: 'string' } }, required: ['question'], additionalProperties: false }), (a) => askUser(s, a)),
  };
  if (s.spec.interactive) {
    const field = { type: 'object', properties: {
      ref: { type: 'string' }, label: { type: 'string' },
      fieldType: { type: 'string', enum: ['text', 'email', 'phone', 'date', 'number', 'select', 'checkbox', 'radio', 'textarea', 'password', 'other'] },
      required: { type: 'boolean' }, description: { type: 'string' }, options: { type: 'array', items: { type: 'string' } },
    }, required: ['ref', 'label', 'fieldType', 'required'] };
    tools.request_form_data = stepTool(s, 'request_form_data', 'Ask the user to supply values for form fields you were not given; they are filled in for you.',
      jsonSchema<Args>({ type: 'object', properties: { fields: { type: 'array', items: field }, formDescription: { type: 'string' } }, required: ['fields'] }), (a) => requestFormData(s, a));
  }
  for (const custom of s.spec.customTools) {
    tools[custom.name] = stepTool(s, custom.name, custom.description, jsonSchema<Args>(custom.parameters as never), async (a) => {
      const toolCallId = randomUUID();
      s.io.emit('tool_call', { toolCallId, name: custom.name, input: a });
      const reply = await waitFor(s, toolCallId, 'tool', custom.timeoutMs ?? TASK_DEFAULTS.inputTimeoutMs);
      if (reply.kind !== 'tool_output') return { ok: false, text: `the client did not answer ${custom.name}` };
      return { ok: true, text: s.protect.scrub(typeof reply.output === 'string' ? reply.output : JSON.stringify(reply.output)) };
    });
  }
  return tools;
}
