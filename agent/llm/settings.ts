// Which model the daemon talks to (agent.md §1): the flags/ABPD_* variables the CLI fills, plus
// what the environment says about keys and base URLs. The key is read here and nowhere else, and
// it is never part of any value that is serialised (status, events, history, logs).

export type LlmProviderName = 'openai' | 'anthropic' | 'openai-compatible' | 'none';
export const LLM_PROVIDERS: readonly LlmProviderName[] = ['openai', 'anthropic', 'openai-compatible', 'none'];

/** What the operator configured (flags and ABPD_* variables; never the key). */
export interface LlmOptions {
  provider?: LlmProviderName;
  baseUrl?: string;
  model?: string;
  modelFast?: string;
  /** undefined = on when the model is known to take images. */
  vision?: boolean;
  timeoutMs: number;
  maxRetries: number;
  maxOutputTokens: number;
}

export function defaultLlmOptions(): LlmOptions {
  return { timeoutMs: 60_000, maxRetries: 2, maxOutputTokens: 4096 };
}

/** The effective configuration. `apiKey` is a getter-free field kept off every serialised shape (see publicView). */
export interface ResolvedLlm {
  provider: LlmProviderName;
  /** Normalised to end in /v1 (undefined = the vendor's default). */
  baseUrl?: string;
  model: string | null;
  modelFast: string | null;
  vision: boolean;
  keySource: 'env' | 'not_set';
  /** How it was chosen, for status and error messages ("auto: ANTHROPIC_API_KEY", "--llm-provider"). */
  chosenBy: string;
  /** Why it cannot run (null = ready). */
  problem: string | null;
  timeoutMs: number;
  maxRetries: number;
  maxOutputTokens: number;
  readonly apiKey: string | undefined;
}

const DEFAULT_MODELS: Record<'openai' | 'anthropic', { model: string; fast: string }> = {
  openai: { model: 'gpt-4.1-mini', fast: 'gpt-4.1-nano' },
  anthropic: { model: 'claude-sonnet-4-5', fast: 'claude-haiku-4-5' },
};

/** What to set to get a model, in every message that says there is none. */
export const HOW_TO_CONFIGURE =
  'set ANTHROPIC_API_KEY or OPENAI_API_KEY, or start abpd with --llm-provider openai|anthropic|openai-compatible ' +
  '(ABPD_LLM_PROVIDER) plus --llm-base-url (ABPD_LLM_BASE_URL) and --llm-model (ABPD_LLM_MODEL) for a local server; the key goes in ABPD_LLM_API_KEY';

/** Base URLs are taken with or without a trailing /v1 (agent.md §1). */
export function normaliseBaseUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const trimmed = raw.trim().replace(/\/+$/, '');
  return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

function knownVisionModel(provider: LlmProviderName, model: string | null): boolean {
  if (!model) return false;
  if (provider === 'anthropic') return /claude/i.test(model);
  if (provider === 'openai') return /gpt-4|gpt-5|o\d|omni/i.test(model);
  return false;
}

export function resolveLlm(options: LlmOptions, env: NodeJS.ProcessEnv): ResolvedLlm {
  let provider = options.provider;
  let chosenBy = 'ABPD_LLM_PROVIDER / --llm-provider';
  if (!provider) {
    if (env.ANTHROPIC_API_KEY) { provider = 'anthropic'; chosenBy = 'auto: ANTHROPIC_API_KEY is set'; }
    else if (env.OPENAI_API_KEY) { provider = 'openai'; chosenBy = 'auto: OPENAI_API_KEY is set'; }
    // A base URL alone is a local server (Ollama, llama.cpp, vLLM, LM Studio): they need no key.
    else if (options.baseUrl) { provider = 'openai-compatible'; chosenBy = 'auto: --llm-base-url is set'; }
    else { provider = 'none'; chosenBy = 'auto: no key or base URL in the environment'; }
  }
  const vendorKey = provider === 'anthropic' ? env.ANTHROPIC_API_KEY : provider === 'openai' ? env.OPENAI_API_KEY : undefined;
  const apiKey = env.ABPD_LLM_API_KEY || vendorKey || undefined;
  const vendorBase = provider === 'anthropic' ? env.ANTHROPIC_BASE_URL : provider === 'none' ? undefined : env.OPENAI_BASE_URL;
  const baseUrl = normaliseBaseUrl(options.baseUrl || vendorBase);
  const defaults = provider === 'openai' || provider === 'anthropic' ? DEFAULT_MODELS[provider] : undefined;
  const model = provider === 'none' ? null : options.model ?? defaults?.model ?? null;
  const modelFast = provider === 'none' ? null : options.modelFast ?? defaults?.fast ?? model;
  let problem: string | null = null;
  if (provider === 'none') problem = `no LLM is configured (${chosenBy}); ${HOW_TO_CONFIGURE}`;
  else if (provider === 'openai-compatible' && !baseUrl) problem = 'provider openai-compatible needs --llm-base-url (ABPD_LLM_BASE_URL), e.g. http://127.0.0.1:11434/v1';
  else if (!model) problem = `provider ${provider} needs --llm-model (ABPD_LLM_MODEL)`;
  else if ((provider === 'openai' || provider === 'anthropic') && !apiKey && !baseUrl) {
    problem = `provider ${provider} needs a key: set ABPD_LLM_API_KEY or ${provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'}`;
  }
  const resolved = {
    provider, baseUrl, model, modelFast,
    vision: options.vision ?? knownVisionModel(provider, model),
    keySource: apiKey ? 'env' as const : 'not_set' as const,
    chosenBy, problem,
    timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, maxOutputTokens: options.maxOutputTokens,
  } as ResolvedLlm;
  // Not enumerable: JSON.stringify, util.inspect and object spreads never carry the key.
  Object.defineProperty(resolved, 'apiKey', { value: apiKey, enumerable: false });
  return resolved;
}

/** `GET /browser/status`'s `llm` (agent.md §1): no key, only whether one was found. */
export function publicView(llm: ResolvedLlm): Record<string, unknown> {
  return {
    provider: llm.provider, model: llm.model, model_fast: llm.modelFast, base_url: llm.baseUrl ?? null,
    vision: llm.vision, key: llm.keySource, ready: llm.problem === null,
    ...(llm.problem ? { message: llm.problem } : {}),
  };
}
