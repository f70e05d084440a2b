// One LanguageModel per configured provider (AI SDK v6): the loop never sees a wire format.
// OpenAI goes through Chat Completions (`.chat`), not the Responses API: every OpenAI-compatible
// server and the fake model server speak Chat Completions.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ResolvedLlm } from './settings.ts';

/** A key the SDKs accept when a keyless server (local, fake) is named by base URL; not a secret. */
const NO_KEY = 'abpd-no-key';

// The SDK prints its warnings to the console; abpd reports them in ai:generation events instead.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

export type ModelTier = 'default' | 'fast';

export class LlmNotConfiguredError extends Error {
  override name = 'LlmNotConfiguredError';
}

export function createLanguageModel(llm: ResolvedLlm, tier: ModelTier = 'default'): LanguageModel {
  if (llm.problem) throw new LlmNotConfiguredError(llm.problem);
  const modelId = (tier === 'fast' ? llm.modelFast : llm.model) ?? llm.model!;
  const apiKey = llm.apiKey ?? NO_KEY;
  const fetch = deadlineFetch(llm.timeoutMs);
  switch (llm.provider) {
    case 'openai':
      return createOpenAI({ apiKey, baseURL: llm.baseUrl, fetch }).chat(modelId);
    case 'anthropic':
      return createAnthropic({ apiKey, baseURL: llm.baseUrl, fetch })(modelId);
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible', baseURL: llm.baseUrl!, apiKey: llm.apiKey, fetch,
        // agent.md §1: declared, so structured output travels as response_format json_schema.
        supportsStructuredOutputs: true, includeUsage: true,
      }).chatModel(modelId);
    case 'none':
      throw new LlmNotConfiguredError(llm.problem ?? 'no LLM is configured');
  }
}

/**
 * Every model request gets its own deadline (--llm-timeout-ms), covering the streamed body too.
 * The SDK's own `timeout` would also count the time a tool spends waiting for a person.
 */
function deadlineFetch(timeoutMs: number): typeof globalThis.fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return globalThis.fetch(input, { ...init, signal });
  };
}
