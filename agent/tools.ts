// The model's tool set (agent.md §3; the names are Tabstack's agent:action values). Each tool runs
// through one wrapper: pause gate, one action per step, firewall, placeholders, events, history.
import { jsonSchema, tool, type Tool } from 'ai';
import type { ActOutcome, ElementAction } from './browserPort.ts';
import type { LoopState } from './loopState.ts';
import { interactionTools } from './interactionTools.ts';

type Args = Record<string, unknown>;
const obj = (properties: Record<string, unknown>, required: string[] = []) =>
  jsonSchema<Args>({ type: 'object', properties, required, additionalProperties: false });
const REF = { type: 'string', description: 'agent_id from the current page' };

/** Wraps a tool body: the shared gates before, the bookkeeping after. */
export function stepTool(s: LoopState, name: string, description: string, schema: ReturnType<typeof obj>,
  run: (args: Args, signal: AbortSignal) => Promise<ActOutcome>, options: { browser?: boolean } = {}): Tool {
  return tool({
    description, inputSchema: schema,
    execute: async (args: Args) => {
      // agent-apis.md §1.5.3: exactly one tool per step; extra calls are dropped and logged.
      if (s.actedInStep === s.stepNumber) {
        s.io.emit('system:debug_tool_drop', { droppedCount: 1, droppedTools: [name], keptTool: s.keptTool });
        return 'dropped: one action per turn; this call was not run.';
      }
      s.actedInStep = s.stepNumber;
      s.keptTool = name;
      await s.io.gate(s.signal);
      s.signal.throwIfAborted();
      s.emitReasoning();
      const ref = typeof args.ref === 'string' ? args.ref : undefined;
      const value = typeof args.value === 'string' ? args.value : typeof args.url === 'string' ? args.url : undefined;
      s.io.emit('agent:action', { action: name, ...(ref ? { ref } : {}), ...(value !== undefined ? { value } : {}) });
      if (ref) s.lastRef = ref;
      let outcome: ActOutcome;
      if (options.browser) {
        s.io.emit('browser:action_started', { action: name, ...(ref ? { ref } : {}), ...(value !== undefined ? { value } : {}) });
        outcome = await s.guarded(name, args, run);
        s.io.emit('browser:action_completed', { success: outcome.ok, ...(outcome.ok ? {} : { error: outcome.text }) });
        if (outcome.navigated) s.io.emit('browser:navigated', outcome.navigated);
        s.stats.actions += 1;
      } else {
        outcome = await run(args, s.signal);
      }
      const text = s.protect.scrub(outcome.text);
      s.record(`${name}${ref ? ` [${ref}]` : ''}${value !== undefined && name !== 'fill' ? ` ${value}` : value !== undefined ? ` "${value}"` : ''}`, text, outcome.ok);
      return text;
    },
  });
}

export function buildTools(s: LoopState): Record<string, Tool> {
  const port = s.port;
  const act = (action: ElementAction, extra: (a: Args) => Partial<{ value: string; key: string }> = () => ({})) =>
    (a: Args, signal: AbortSignal) => port.act({ agentId: String(a.ref), action, ...extra(a) }, signal);
  const tools: Record<string, Tool> = {
    click: stepTool(s, 'click', 'Click an element.', obj({ ref: REF }, ['ref']), act('click'), { browser: true }),
    fill: stepTool(s, 'fill', 'Replace the value of a field (placeholders like {{data.email}} are filled in for you).',
      obj({ ref: REF, value: { type: 'string' } }, ['ref', 'value']), act('fill', (a) => ({ value: String(a.value) })), { browser: true }),
    select: stepTool(s, 'select', 'Choose an option of a select/listbox by its label or value.',
      obj({ ref: REF, value: { type: 'string' } }, ['ref', 'value']), act('select', (a) => ({ value: String(a.value) })), { browser: true }),
    hover: stepTool(s, 'hover', 'Move the mouse over an element.', obj({ ref: REF }, ['ref']), act('hover'), { browser: true }),
    check: stepTool(s, 'check', 'Check a checkbox/radio/switch.', obj({ ref: REF }, ['ref']), act('check'), { browser: true }),
    uncheck: stepTool(s, 'uncheck', 'Uncheck a checkbox/switch.', obj({ ref: REF }, ['ref']), act('uncheck'), { browser: true }),
    focus: stepTool(s, 'focus', 'Focus an element.', obj({ ref: REF }, ['ref']), act('focus'), { browser: true }),
    enter: stepTool(s, 'enter', 'Press Enter in a field (submits its form).', obj({ ref: REF }, ['ref']), act('press', () => ({ key: 'Enter' })), { browser: true }),
    scroll: stepTool(s, 'scroll', 'Scroll the page (or the element ref) up or down.',
      obj({ direction: { type: 'string', enum: ['up', 'down'] }, ref: REF }, ['direction']),
      (a, signal) => typeof a.ref === 'string'
        ? port.act({ agentId: a.ref, action: 'scroll', direction: a.direction as 'up' | 'down' }, signal)
        : port.scrollPage(a.direction as 'up' | 'down', signal), { browser: true }),
    wait: stepTool(s, 'wait', 'Let the page run for some seconds (max 30).', obj({ seconds: { type: 'number', minimum: 0, maximum: 30 } }, ['seconds']),
      (a, signal) => { const seconds = Math.min(30, Math.max(0, Number(a.seconds) || 1)); s.io.emit('agent:waiting', { seconds }); return port.wait(seconds, signal); }, { browser: true }),
    goto: stepTool(s, 'goto', 'Load a URL.', obj({ url: { type: 'string' } }, ['url']), (a, signal) => port.goto(String(a.url), signal), { browser: true }),
    back: stepTool(s, 'back', 'Go back one page.', obj({}), (_a, signal) => port.back(signal), { browser: true }),
    forward: stepTool(s, 'forward', 'Go forward one page.', obj({}), (_a, signal) => port.forward(signal), { browser: true }),
    extract: stepTool(s, 'extract', 'Read the current page\'s text and extract what the instruction asks for (as JSON matching schema, when you give one).',
      obj({ instruction: { type: 'string' }, schema: { type: 'object', description: 'optional JSON Schema of the extracted data' } }, ['instruction']),
      (a, signal) => s.extract(String(a.instruction), signal, a.schema && typeof a.schema === 'object' ? a.schema as Record<string, unknown> : undefined)),
    done: stepTool(s, 'done', s.spec.schema ? 'Finish: result must match the task\'s JSON schema.' : 'Finish with the answer to the task.',
      s.spec.schema ? obj({ result: s.spec.schema, answer: { type: 'string' } }, ['result']) : obj({ answer: { type: 'string' } }, ['answer']),
      (a, signal) => s.finishWithAnswer(a, signal)),
    abort: stepTool(s, 'abort', 'Give up: the task cannot be done (say why).', obj({ reason: { type: 'string' } }, ['reason']),
      async (a) => { s.abort(String(a.reason ?? 'no reason given')); return { ok: true, text: 'aborted' }; }),
    ...interactionTools(s),
  };
  return tools;
}
