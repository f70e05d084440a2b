// One running task's state, shared by the loop and its tools: counters, history, the outcome, and
// the steps every tool goes through (guarded dispatch, extract, finishing with validation).
import { generateText, jsonSchema, Output, type LanguageModel } from 'ai';
import type { ActOutcome, BrowserPort } from './browserPort.ts';
import type { TaskErrorCode, TaskStats } from './events.ts';
import { checkAction, type FirewallRules } from './firewall.ts';
import type { ResolvedLlm } from './llm/settings.ts';
import { clip, extractPrompt, validationPrompt, type HistoryEntry } from './prompts.ts';
import type { ProtectedValues } from './protect.ts';
import { recordGeneration } from './generation.ts';
import { schemaProblem, validateAgainst } from './schema.ts';
import type { TaskIO, TaskSpec } from './task.ts';

const MAX_ERRORS_IN_A_ROW = 3;
const EXTRACT_TEXT_CHARS = 20_000;
const EXTRACT_ANSWER_CHARS = 2_000;
const TARGETED = new Set(['click', 'fill', 'select', 'enter', 'check', 'uncheck']);

export interface Finish { success: boolean; answer: string | null; result?: unknown; error?: { code: TaskErrorCode; message: string } }

export class LoopState {
  stepNumber = -1;
  actedInStep = -2;
  keptTool = '';
  lastRef: string | undefined;
  lastResult: string | undefined;
  feedback: string | undefined;
  reasoning = '';
  history: HistoryEntry[] = [];
  errorsInARow = 0;
  validationAttempts = 0;
  finish: Finish | null = null;
  plan: { plan: string; successCriteria: string } | undefined;
  lastPageText = '';
  readonly stats: TaskStats;

  constructor(
    readonly spec: TaskSpec, readonly port: BrowserPort, readonly io: TaskIO, readonly protect: ProtectedValues,
    readonly rules: FirewallRules, readonly signal: AbortSignal, readonly model: LanguageModel, readonly llm: ResolvedLlm,
  ) {
    const now = Date.now();
    this.stats = { actions: 0, iterations: 0, durationMs: 0, startTime: now, endTime: now, modelCalls: 0, inputTokens: 0, outputTokens: 0 };
  }

  get finished(): boolean { return this.finish !== null; }

  end(finish: Finish): void { this.finish ??= finish; }

  abort(reason: string): void {
    this.io.emit('task:aborted', { reason, finalAnswer: null });
    this.end({ success: false, answer: null, error: { code: 'TASK_ABORTED', message: reason } });
  }

  /** agent:reasoned once per step, before its action: the text the model wrote with the tool call. */
  emitReasoning(): void {
    const reasoning = this.protect.scrub(this.reasoning.trim());
    this.reasoning = '';
    if (reasoning) this.io.emit('agent:reasoned', { reasoning });
  }

  record(action: string, outcome: string, ok: boolean): void {
    this.history.push({ step: this.stepNumber + 1, action, outcome: ok ? outcome : `error: ${outcome}` });
    this.lastResult = clip(outcome, 600);
    this.errorsInARow = ok ? 0 : this.errorsInARow + 1;
    if (this.errorsInARow >= MAX_ERRORS_IN_A_ROW) {
      this.end({ success: false, answer: null, error: { code: 'MAX_ERRORS', message: `${this.errorsInARow} actions in a row failed; the last: ${clip(outcome, 300)}` } });
    }
  }

  /** Placeholders, firewall, dispatch, the HITL gate: everything between the model's call and the page. */
  async guarded(name: string, args: Record<string, unknown>, run: (args: Record<string, unknown>, signal: AbortSignal) => Promise<ActOutcome>): Promise<ActOutcome> {
    const pageUrl = this.port.currentUrl();
    const ref = typeof args.ref === 'string' ? args.ref : undefined;
    const target = ref && TARGETED.has(name) ? await this.port.describe(ref, this.signal).catch(() => null) : null;
    const raw = typeof args.value === 'string' ? args.value : undefined;
    const blocked = checkAction(this.rules, name, target, { url: typeof args.url === 'string' ? args.url : undefined, value: raw, pageUrl });
    if (blocked) {
      this.io.emit(blocked.event, { action: name, ...blocked.data, message: blocked.message });
      return { ok: false, text: blocked.message, code: 'BLOCKED' };
    }
    let dispatched = args;
    if (raw !== undefined) {
      const substituted = this.protect.substitute(raw, pageUrl);
      if (substituted.error) return { ok: false, text: substituted.error, code: 'BAD_PLACEHOLDER' };
      dispatched = { ...args, value: substituted.value };
    }
    let outcome: ActOutcome;
    try { outcome = await run(dispatched, this.signal); } catch (err) {
      if (this.signal.aborted) throw err;
      outcome = { ok: false, text: (err as Error).message };
    }
    if (outcome.approvalId && this.port.awaitApproval) {
      this.io.emit('hitl:approval_pending', { approvalId: outcome.approvalId, action: name, ref });
      this.io.setWaiting?.(true);
      try { outcome = await this.port.awaitApproval(outcome.approvalId, this.signal); } finally { this.io.setWaiting?.(false); }
    }
    return outcome;
  }

  async extract(instruction: string, signal: AbortSignal, schema?: Record<string, unknown>): Promise<ActOutcome> {
    const problem = schema ? schemaProblem(schema) : null;
    if (problem) return { ok: false, text: `extract: the schema is not usable JSON Schema (${problem})` };
    const text = this.protect.scrub((await this.port.pageText(signal)).slice(0, EXTRACT_TEXT_CHARS));
    const prompt = extractPrompt(instruction, text);
    const started = Date.now();
    const common = { model: this.model, prompt, maxRetries: this.llm.maxRetries, maxOutputTokens: this.llm.maxOutputTokens, abortSignal: signal };
    let extracted: string;
    if (schema) {
      const r = await generateText({ ...common, output: Output.object({ schema: jsonSchema<unknown>(schema) }) });
      recordGeneration(this, { call: 'extract', prompt, schema, started, finishReason: r.finishReason, usage: r.usage, object: r.output, warnings: r.warnings });
      const errors = validateAgainst(schema, r.output);
      if (errors) return { ok: false, text: `extract: the data did not match the schema: ${errors.join('; ')}` };
      extracted = JSON.stringify(r.output);
    } else {
      const r = await generateText(common);
      recordGeneration(this, { call: 'extract', prompt, started, finishReason: r.finishReason, usage: r.usage, warnings: r.warnings });
      extracted = r.text;
    }
    const extractedData = this.protect.scrub(extracted);
    this.io.emit('agent:extracted', { extractedData });
    return { ok: true, text: clip(extractedData, EXTRACT_ANSWER_CHARS) };
  }

  /** done: the schema check (retry on mismatch), then the validation call (agent.md §2). */
  async finishWithAnswer(args: Record<string, unknown>, signal: AbortSignal): Promise<ActOutcome> {
    const schema = this.spec.schema;
    const left = (): boolean => this.validationAttempts < this.spec.maxValidationAttempts;
    if (schema) {
      const errors = validateAgainst(schema, args.result);
      if (errors) {
        this.validationAttempts += 1;
        this.io.emit('task:validation_error', { errors, retryCount: this.validationAttempts, rawResponse: this.protect.scrub(JSON.stringify(args.result ?? null)) });
        if (!left()) {
          this.end({ success: false, answer: null, error: { code: 'TASK_FAILED', message: `the result did not match the schema after ${this.validationAttempts} attempts: ${errors.join('; ')}` } });
          return { ok: false, text: 'result rejected' };
        }
        return { ok: false, text: `result does not match the schema: ${errors.join('; ')}. Call done again with a corrected result.` };
      }
    }
    const answer = typeof args.answer === 'string' ? args.answer : JSON.stringify(args.result ?? null);
    const verdict = await this.validate(answer, signal);
    this.validationAttempts += 1;
    const good = verdict.completionQuality === 'complete' || verdict.completionQuality === 'excellent';
    if (good || !left()) {
      this.io.emit('task:completed', { finalAnswer: answer, success: good });
      this.end(good ? { success: true, answer, result: args.result }
        : { success: false, answer, result: args.result, error: { code: 'TASK_FAILED', message: `validation judged the answer ${verdict.completionQuality}: ${verdict.feedback ?? verdict.observation}` } });
      return { ok: true, text: 'done' };
    }
    this.feedback = verdict.feedback || verdict.observation;
    return { ok: true, text: `not accepted yet (${verdict.completionQuality}): ${this.feedback}` };
  }

  async validate(answer: string, signal: AbortSignal): Promise<{ completionQuality: string; observation: string; feedback?: string }> {
    const prompt = validationPrompt(this.spec.task, answer, this.plan?.successCriteria, this.lastPageText);
    const schema = { type: 'object', properties: {
      completionQuality: { type: 'string', enum: ['failed', 'partial', 'complete', 'excellent'] },
      observation: { type: 'string' }, feedback: { type: 'string' } }, required: ['completionQuality', 'observation', 'feedback'], additionalProperties: false };
    const started = Date.now();
    const r = await generateText({ model: this.model, prompt: this.protect.scrub(prompt), output: Output.object({ schema: jsonSchema<{ completionQuality: string; observation: string; feedback: string }>(schema) }),
      maxRetries: this.llm.maxRetries, maxOutputTokens: this.llm.maxOutputTokens, abortSignal: signal });
    recordGeneration(this, { call: 'validate', prompt, schema, started, finishReason: r.finishReason, usage: r.usage, object: r.output, warnings: r.warnings });
    this.io.emit('task:validated', { ...r.output, finalAnswer: answer });
    return r.output;
  }
}
