// The task loop (agent.md §2) on the AI SDK: one streamText run with the tool set, `prepareStep`
// rebuilding the step's prompt from a fresh observation, `stopWhen` ending it on done/abort/limits.
// The SDK handles the wire, retries (Retry-After) and tool-call parsing; this file decides the rest.
import { generateText, jsonSchema, Output, stepCountIs, streamText, type ModelMessage, type UserContent } from 'ai';
import type { BrowserPort } from './browserPort.ts';
import type { TaskOutcome } from './events.ts';
import { parseGuardrails } from './firewall.ts';
import { recordGeneration } from './generation.ts';
import { createLanguageModel } from './llm/provider.ts';
import type { ResolvedLlm } from './llm/settings.ts';
import { LoopState } from './loopState.ts';
import { planPrompt, stepMessage, systemPrompt } from './prompts.ts';
import { ProtectedValues } from './protect.ts';
import type { TaskIO, TaskSpec } from './task.ts';
import { buildTools } from './tools.ts';

const PLAN_SCHEMA = { type: 'object', properties: {
  plan: { type: 'string' }, successCriteria: { type: 'string' }, actionItems: { type: 'array', items: { type: 'string' } },
}, required: ['plan', 'successCriteria', 'actionItems'], additionalProperties: false };

export async function runTask(spec: TaskSpec, port: BrowserPort, io: TaskIO, llm: ResolvedLlm, cancel: AbortSignal): Promise<TaskOutcome> {
  const signal = AbortSignal.any([cancel, AbortSignal.timeout(spec.deadlineMs)]);
  const model = createLanguageModel(llm, spec.model);
  const protect = new ProtectedValues(spec.data, spec.secrets);
  const s = new LoopState(spec, port, io, protect, parseGuardrails(spec.guardrails, spec.interactive), signal, model, llm);
  io.emit('task:setup', {
    task: spec.task, url: spec.url, browserName: 'chromium', guardrails: spec.guardrails,
    data: protect.empty ? undefined : protect.keys(), vision: llm.vision, provider: llm.provider, model: spec.model === 'fast' ? llm.modelFast : llm.model,
    hasApiKey: llm.keySource === 'env', keySource: llm.keySource,
  });
  try {
    if (spec.url) {
      const nav = await port.goto(spec.url, signal);
      if (nav.navigated) io.emit('browser:navigated', nav.navigated);
      if (!nav.ok) throw new Error(`could not open ${spec.url}: ${nav.text}`);
    }
    await plan(s);
    await steps(s);
  } catch (err) {
    if (cancel.aborted) s.end({ success: false, answer: null, error: { code: 'TASK_CANCELLED', message: 'the task was cancelled' } });
    else if (signal.aborted) s.end({ success: false, answer: null, error: { code: 'TASK_FAILED', message: `the task ran past its deadline of ${spec.deadlineMs} ms` } });
    else {
      const message = protect.scrub((err as Error).message);
      io.emit('ai:generation:error', { error: message });
      io.emit('error', { success: false, error: { message, code: 'TASK_FAILED', timestamp: new Date().toISOString() } });
      s.end({ success: false, answer: null, error: { code: 'TASK_FAILED', message } });
    }
  }
  const finish = s.finish ?? { success: false, answer: null, error: { code: 'TASK_FAILED' as const, message: 'the loop ended without an answer' } };
  s.stats.endTime = Date.now();
  s.stats.durationMs = s.stats.endTime - s.stats.startTime;
  s.stats.iterations = s.stepNumber + 1;
  io.emit('task:metrics', { stepCount: s.stats.iterations, aiGenerationCount: s.stats.modelCalls, totalInputTokens: s.stats.inputTokens, totalOutputTokens: s.stats.outputTokens, actions: s.stats.actions });
  io.emit('complete', { finalAnswer: finish.answer, success: finish.success, stats: s.stats, ...(finish.error ? { error: finish.error } : {}) });
  io.emit('done', {});
  return { ...finish, stats: s.stats };
}

async function observe(s: LoopState) {
  const obs = await s.port.observe({ maxElements: s.spec.maxElements, focusId: s.lastRef, withImage: s.llm.vision, signal: s.signal });
  s.lastPageText = s.protect.scrub(obs.text);
  if (obs.image) s.io.emit('browser:screenshot_captured', { size: obs.image.data.length, format: obs.image.mediaType.split('/')[1] });
  return obs;
}

async function plan(s: LoopState): Promise<void> {
  s.io.emit('agent:processing', { operation: 'Creating task plan', hasScreenshot: false });
  await s.io.gate(s.signal);
  await observe(s);
  const prompt = planPrompt(s.spec.task, s.spec.url, s.lastPageText);
  const started = Date.now();
  const r = await generateText({ model: s.model, prompt, output: Output.object({ schema: jsonSchema<{ plan: string; successCriteria: string; actionItems: string[] }>(PLAN_SCHEMA) }),
    maxRetries: s.llm.maxRetries, maxOutputTokens: s.llm.maxOutputTokens, abortSignal: s.signal });
  recordGeneration(s, { call: 'plan', prompt, schema: PLAN_SCHEMA, started, finishReason: r.finishReason, usage: r.usage, object: r.output, warnings: r.warnings });
  s.plan = r.output;
  s.io.emit('task:started', { task: s.spec.task, url: s.port.currentUrl(), plan: r.output.plan, successCriteria: r.output.successCriteria, actionItems: r.output.actionItems });
}

async function steps(s: LoopState): Promise<void> {
  const tools = buildTools(s);
  const system = systemPrompt({ guardrails: s.spec.guardrails, interactive: s.spec.interactive, hasSchema: Boolean(s.spec.schema) });
  let stepPrompt = '';
  let stepStarted = 0;
  // A model that answers with text instead of a tool ends the SDK's run; the next run continues.
  while (!s.finished) {
    const base = s.stepNumber + 1;
    if (base >= s.spec.maxSteps) {
      s.end({ success: false, answer: null, error: { code: 'MAX_ITERATIONS', message: `no answer after ${s.spec.maxSteps} steps (max_steps)` } });
      break;
    }
    let failure: unknown = null;
    const run = streamText({
      model: s.model, system, tools, toolChoice: 'required', maxRetries: s.llm.maxRetries, maxOutputTokens: s.llm.maxOutputTokens, abortSignal: s.signal,
      messages: [{ role: 'user', content: 'Start.' }],
      stopWhen: [() => s.finished, stepCountIs(s.spec.maxSteps - base)],
      prepareStep: async ({ stepNumber }) => {
        await s.io.gate(s.signal);
        s.stepNumber = base + stepNumber;
        s.io.emit('agent:step', { currentIteration: s.stepNumber });
        const obs = await observe(s);
        stepPrompt = s.protect.scrub(stepMessage({
          task: s.spec.task, plan: s.plan, dataKeys: s.protect.describe(), history: s.history, page: { url: obs.url, title: obs.title, text: obs.text },
          lastResult: s.lastResult, feedback: s.feedback, schema: s.spec.schema, customTools: s.spec.customTools.map((t) => t.name),
        }));
        s.feedback = undefined;
        s.io.emit('agent:processing', { operation: 'Choosing the next action', hasScreenshot: Boolean(obs.image) });
        await s.io.gate(s.signal);
        stepStarted = Date.now();
        const content: UserContent = obs.image
          ? [{ type: 'text', text: stepPrompt }, { type: 'image', image: obs.image.data, mediaType: obs.image.mediaType }]
          : stepPrompt;
        return { messages: [{ role: 'user', content } satisfies ModelMessage] };
      },
      onChunk: ({ chunk }) => { if (chunk.type === 'text-delta') s.reasoning += chunk.text; },
      onStepFinish: (step) => {
        recordGeneration(s, { call: 'step', prompt: stepPrompt, started: stepStarted, finishReason: step.finishReason, usage: step.usage, warnings: step.warnings });
        if (s.actedInStep !== s.stepNumber && !s.finished) {
          // No tool ran: a text answer, an unknown tool or arguments that did not parse.
          const bad = step.content.find((p) => p.type === 'tool-error');
          s.emitReasoning();
          s.record(bad ? `${bad.toolName}` : 'no tool', bad ? `invalid tool call: ${String((bad as { error?: unknown }).error)}` : 'no tool was called; call exactly one tool', false);
        }
        s.io.emit('task:metrics_incremental', { stepCount: s.stepNumber + 1, aiGenerationCount: s.stats.modelCalls, totalInputTokens: s.stats.inputTokens, totalOutputTokens: s.stats.outputTokens });
      },
      onError: ({ error }) => { failure = error; },
    });
    await run.consumeStream();
    if (failure) throw failure;
    if (s.signal.aborted) s.signal.throwIfAborted();
  }
}
