// ai:generation events and the token tally: one per model call, prompts already scrubbed of
// protected values (agent.md §4), never the key.
import type { LanguageModelUsage } from 'ai';
import type { LoopState } from './loopState.ts';

export interface GenerationRecord {
  /** Which call of the loop: plan, step, extract or validate (the eval measures steps). */
  call: 'plan' | 'step' | 'extract' | 'validate';
  prompt: string;
  schema?: unknown;
  started: number;
  finishReason: string;
  usage: LanguageModelUsage;
  object?: unknown;
  warnings?: unknown[];
}

export function recordGeneration(s: Pick<LoopState, 'stats' | 'io' | 'protect'>, g: GenerationRecord): void {
  s.stats.modelCalls += 1;
  s.stats.inputTokens += g.usage.inputTokens ?? 0;
  s.stats.outputTokens += g.usage.outputTokens ?? 0;
  s.io.emit('ai:generation', {
    call: g.call, prompt: s.protect.scrub(g.prompt), promptChars: g.prompt.length, schema: g.schema ?? null,
    ...(g.object !== undefined ? { object: g.object } : {}),
    finishReason: g.finishReason, durationMs: Date.now() - g.started,
    usage: { inputTokens: g.usage.inputTokens, outputTokens: g.usage.outputTokens, totalTokens: g.usage.totalTokens },
    ...(g.warnings?.length ? { warnings: g.warnings } : {}),
  });
}
