// The daemon's options as one table: flag, ABPD_* variable, type, default, help. `--help` text and
// the env mapping come from it, so they cannot drift.
import type { Config } from '../config.ts';
import { nearest } from '../unknownFields.ts';
import { LLM_PROVIDERS, type LlmProviderName } from '../../agent/llm/settings.ts';

export type OptionValue = string | number | boolean | string[] | { width: number; height: number };

/** Bad command-line input: the CLI prints the message and exits with 2. */
export class UsageError extends Error { override name = 'UsageError'; }

export interface OptionSpec {
  flag: string;
  env: string;
  type: 'string' | 'int' | 'bool' | 'size' | 'list';
  help: string;
  /** Placeholder in --help (default from the type: N, W,H, A,B, VALUE). */
  arg?: string;
  /** May be given more than once, each occurrence adding a value (otherwise the last one wins). */
  repeatable?: boolean;
  /** A file or directory: `abpd service` writes it as an absolute path (a unit has no working directory of ours). */
  path?: boolean;
}

export interface OptionDef<T = Config> extends OptionSpec {
  apply(target: T, value: OptionValue): void;
}

export const START_OPTIONS: OptionDef[] = [
  { flag: 'port', env: 'ABPD_PORT', type: 'int', help: 'HTTP port (default 8222; 0 picks a free one)', apply: (c, v) => { c.port = portNumber(v as number); } },
  { flag: 'host', env: 'ABPD_HOST', type: 'string', help: 'address to bind (default 127.0.0.1)', apply: (c, v) => { c.host = v as string; } },
  { flag: 'chrome', env: 'ABPD_CHROME', type: 'string', path: true, help: 'Chrome/Chromium binary (default: CHROME_PATH, then the usual places)', apply: (c, v) => { c.chrome = v as string; } },
  { flag: 'connect', env: 'ABPD_CONNECT', type: 'string', help: 'attach to a running Chrome (http://127.0.0.1:PORT or ws://...) instead of launching one', apply: (c, v) => { c.connect = v as string; } },
  { flag: 'headed', env: 'ABPD_HEADED', type: 'bool', help: 'show browser windows (needs a display)', apply: (c, v) => { c.headed = v as boolean; } },
  { flag: 'window-size', env: 'ABPD_WINDOW_SIZE', type: 'size', help: 'viewport W,H in CSS px (default 1280,800)', apply: (c, v) => { c.windowSize = v as { width: number; height: number }; } },
  { flag: 'session-dir', env: 'ABPD_SESSION_DIR', type: 'string', path: true, help: 'where profile, history and downloads live; one daemon per directory (default $XDG_STATE_HOME/abpd/session, i.e. ~/.local/state/abpd/session)', apply: (c, v) => { c.sessionDir = v as string; } },
  { flag: 'no-history', env: 'ABPD_NO_HISTORY', type: 'bool', help: 'do not record actions', apply: (c, v) => { c.history = !(v as boolean); } },
  { flag: 'history-max-actions', env: 'ABPD_HISTORY_MAX_ACTIONS', type: 'int', help: 'keep at most N recorded actions, oldest pruned first (default 20000; 0 = no limit)', apply: (c, v) => { c.historyMaxActions = v as number; } },
  { flag: 'history-max-mb', env: 'ABPD_HISTORY_MAX_MB', type: 'int', help: 'keep history (database + screenshots) under N MB (default 1024; 0 = no limit)', apply: (c, v) => { c.historyMaxMb = v as number; } },
  { flag: 'no-pause', env: 'ABPD_NO_PAUSE', type: 'bool', help: 'do not pause pages between actions', apply: (c, v) => { c.pause = !(v as boolean); } },
  { flag: 'auth-token', env: 'ABPD_AUTH_TOKEN', type: 'string', help: 'require Authorization: Bearer TOKEN (or "auto")', apply: (c, v) => { c.authToken = v as string; } },
  { flag: 'min-wait', env: 'ABPD_MIN_WAIT', type: 'int', help: 'settle grace window in ms (default 150)', apply: (c, v) => { c.minWaitMs = v as number; } },
  { flag: 'tracking-timeout', env: 'ABPD_TRACKING_TIMEOUT', type: 'int', help: 'max ms to wait for requests an action started (default 1000)', apply: (c, v) => { c.trackingTimeoutMs = v as number; } },
  { flag: 'post-settle', env: 'ABPD_POST_SETTLE', type: 'int', help: 'network-quiet window in ms (default 50 with execution control, 100 without)', apply: (c, v) => { c.postSettleMs = v as number; } },
  { flag: 'max-batch', env: 'ABPD_MAX_BATCH', type: 'int', help: 'most sub-actions in one batch (default 50)', apply: (c, v) => { c.maxBatch = v as number; } },
  { flag: 'allowed-host', env: 'ABPD_ALLOWED_HOST', type: 'list', help: 'extra Host header names to accept (comma-separated)', apply: (c, v) => { c.allowedHosts = v as string[]; } },
  { flag: 'allow-webhook-host', env: 'ABPD_ALLOW_WEBHOOK_HOST', type: 'list', help: 'hosts besides loopback that AGI session webhooks may be posted to (comma-separated)', apply: (c, v) => { c.allowWebhookHosts = (v as string[]).map((h) => h.toLowerCase()); } },
  { flag: 'allowed-origin', env: 'ABPD_ALLOWED_ORIGIN', type: 'list', help: 'Origins allowed to call the API (comma-separated)', apply: (c, v) => { c.allowedOrigins = v as string[]; } },
  { flag: 'allow-file-access', env: 'ABPD_ALLOW_FILE_ACCESS', type: 'bool', help: 'allow file:// navigation and uploads by path', apply: (c, v) => { c.allowFileAccess = v as boolean; } },
  { flag: 'upload-root', env: 'ABPD_UPLOAD_ROOT', type: 'string', path: true, help: 'only files under DIR may be uploaded by path', apply: (c, v) => { c.uploadRoot = v as string; } },
  { flag: 'max-tabs', env: 'ABPD_MAX_TABS', type: 'int', help: 'most open tabs in the daemon, all sessions (default 64; 0 = no cap)', apply: (c, v) => { c.maxTabs = v as number; } },
  { flag: 'max-download-bytes', env: 'ABPD_MAX_DOWNLOAD_BYTES', type: 'int', help: 'cancel a download past N bytes, download_failed reason too_large (default 536870912 = 512 MiB; 0 = no cap)', apply: (c, v) => { c.maxDownloadBytes = v as number; } },
  { flag: 'max-session-mb', env: 'ABPD_MAX_SESSION_MB', type: 'int', help: 'disk quota for what abpd keeps in the session dir (history, downloads, uploads; default 4096; 0 = none): oldest pruned first', apply: (c, v) => { c.maxSessionBytes = (v as number) * 1024 * 1024; } },
  { flag: 'max-sessions', env: 'ABPD_MAX_SESSIONS', type: 'int', help: 'most live sessions besides "default" (default 8)', apply: (c, v) => { c.maxSessions = v as number; } },
  { flag: 'allow-self-view', env: 'ABPD_ALLOW_SELF_VIEW', type: 'bool', help: "let abpd's own browser open abpd's viewer pages (never its /api/)", apply: (c, v) => { c.allowSelfView = v as boolean; } },
  { flag: 'llm-provider', env: 'ABPD_LLM_PROVIDER', type: 'string', help: 'openai | anthropic | openai-compatible | none (default: anthropic with ANTHROPIC_API_KEY, else openai with OPENAI_API_KEY, else none)', apply: (c, v) => {
    if (!LLM_PROVIDERS.includes(v as LlmProviderName)) throw new Error(`--llm-provider: use ${LLM_PROVIDERS.join(', ')} (got "${v}")`);
    c.llm.provider = v as LlmProviderName;
  } },
  { flag: 'llm-base-url', env: 'ABPD_LLM_BASE_URL', type: 'string', arg: 'URL', help: 'model server, e.g. http://127.0.0.1:11434/v1 (default OPENAI_BASE_URL / ANTHROPIC_BASE_URL); the key is ABPD_LLM_API_KEY, env only', apply: (c, v) => { c.llm.baseUrl = v as string; } },
  { flag: 'llm-model', env: 'ABPD_LLM_MODEL', type: 'string', arg: 'NAME', help: 'model for agent tasks (default gpt-4.1-mini / claude-sonnet-4-5)', apply: (c, v) => { c.llm.model = v as string; } },
  { flag: 'llm-model-fast', env: 'ABPD_LLM_MODEL_FAST', type: 'string', arg: 'NAME', help: 'fast model (tasks with model "fast"; default gpt-4.1-nano / claude-haiku-4-5)', apply: (c, v) => { c.llm.modelFast = v as string; } },
  { flag: 'llm-vision', env: 'ABPD_LLM_VISION', type: 'bool', help: 'send the after-frame image with each step (default: on for models known to take images)', apply: (c, v) => { c.llm.vision = v as boolean; } },
  { flag: 'llm-timeout-ms', env: 'ABPD_LLM_TIMEOUT_MS', type: 'int', help: 'deadline of one model call in ms (default 60000)', apply: (c, v) => { c.llm.timeoutMs = v as number; } },
  { flag: 'llm-max-retries', env: 'ABPD_LLM_MAX_RETRIES', type: 'int', help: 'retries of a failed model call, honouring Retry-After (default 2)', apply: (c, v) => { c.llm.maxRetries = v as number; } },
  { flag: 'llm-max-output-tokens', env: 'ABPD_LLM_MAX_OUTPUT_TOKENS', type: 'int', help: 'most tokens one model answer may have (default 4096)', apply: (c, v) => { c.llm.maxOutputTokens = v as number; } },
  { flag: 'max-agent-tasks', env: 'ABPD_MAX_AGENT_TASKS', type: 'int', help: 'agent tasks running at once; more wait in order (default 4)', apply: (c, v) => {
    if ((v as number) < 1) throw new Error('--max-agent-tasks: at least 1');
    c.maxAgentTasks = v as number;
  } },
  { flag: 'log-level', env: 'ABPD_LOG_LEVEL', type: 'string', help: 'info | debug | quiet', apply: (c, v) => {
    if (!['info', 'debug', 'quiet'].includes(v as string)) throw new Error(`--log-level: use info, debug or quiet (got "${v}")`);
    c.logLevel = v as Config['logLevel'];
  } },
];

/** 0..65535, else the option error (exit 2) the docs promise. */
export function portNumber(port: number): number {
  if (port > 65_535) throw new UsageError(`--port: ${port} is not a port; use 1..65535 (or 0 for a free one)`);
  return port;
}

export function parseValue(def: OptionSpec, raw: string, source: string): OptionValue {
  switch (def.type) {
    case 'string': return raw;
    case 'bool': {
      if (['', '1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
      if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
      throw new Error(`${source}: expected true or false, got "${raw}"`);
    }
    case 'int': {
      if (!/^\d+$/.test(raw)) throw new Error(`${source}: expected a whole number, got "${raw}"`);
      return Number(raw);
    }
    case 'list': return raw.split(',').map((s) => s.trim()).filter(Boolean);
    case 'size': {
      const m = /^(\d+)[,x](\d+)$/.exec(raw);
      if (!m || Number(m[1]) < 100 || Number(m[2]) < 100) throw new Error(`${source}: expected W,H such as 1280,800, got "${raw}"`);
      return { width: Number(m[1]), height: Number(m[2]) };
    }
  }
}

/** Applies ABPD_* variables, then flags (flags win). Returns unknown positional arguments. */
export function applyOptions(config: Config, argv: string[], env: NodeJS.ProcessEnv, command = 'abpd'): string[] {
  return parseCommandLine(bindOptions(START_OPTIONS, config), argv, env, command).positionals;
}

export function optionsHelp(defs: readonly OptionSpec[] = START_OPTIONS): string {
  return defs.map((d) => `  --${d.flag}${d.type === 'bool' ? '' : ` ${argName(d)}`}`.padEnd(32) + `${d.help} [${d.env}]`).join('\n');
}

export function argName(d: OptionSpec): string {
  return d.arg ?? { string: 'VALUE', int: 'N', bool: '', size: 'W,H', list: 'A,B' }[d.type];
}

/** An option table bound to the object it fills, so one command line can fill several. */
export interface BoundOption { spec: OptionSpec; apply(value: OptionValue): void }
export function bindOptions<T>(defs: readonly OptionDef<T>[], target: T): BoundOption[] {
  return defs.map((d) => ({ spec: d, apply: (v: OptionValue) => d.apply(target, v) }));
}

/** What was set, and how: `abpd service install` writes flags back as flags and variables as Environment=. */
export interface GivenOption { spec: OptionSpec; raw: string; source: 'flag' | 'env' }

/**
 * Applies ABPD_* variables, then flags (flags win), for every bound table. Unknown options and bad
 * values are UsageErrors that name the option; arguments that are not options are returned.
 */
export function parseCommandLine(options: readonly BoundOption[], argv: readonly string[], env: NodeJS.ProcessEnv, command = 'abpd'):
  { positionals: string[]; given: GivenOption[] } {
  const given: GivenOption[] = [];
  const fail = (message: string): never => { throw new UsageError(`${message}; see ${command} --help`); };
  const apply = (option: BoundOption, raw: string, source: string): void => {
    try { option.apply(parseValue(option.spec, raw, source)); } catch (err) {
      throw err instanceof UsageError ? err : new UsageError((err as Error).message);
    }
  };
  for (const option of options) {
    const raw = env[option.spec.env];
    if (raw === undefined || raw === '') continue;
    apply(option, raw, option.spec.env);
    given.push({ spec: option.spec, raw, source: 'env' });
  }
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('--')) { positionals.push(arg); continue; }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const option = options.find((o) => o.spec.flag === name);
    if (!option) {
      const near = nearest(name, options.map((o) => o.spec.flag));
      fail(`unknown option --${name} for ${command}${near ? ` (did you mean --${near}?)` : ''}`);
    }
    const spec = option!.spec;
    let raw = inline;
    if (raw === undefined && spec.type !== 'bool') {
      raw = argv[i + 1];
      if (raw === undefined || raw.startsWith('--')) fail(`--${name} needs a value (${argName(spec)})`);
      i += 1;
    }
    apply(option!, raw ?? 'true', `--${name}`);
    // A flag replaces the variable and earlier flags of the same option; repeatable ones add up.
    if (!spec.repeatable) for (let g = given.length - 1; g >= 0; g -= 1) if (given[g]!.spec === spec) given.splice(g, 1);
    given.push({ spec, raw: raw ?? 'true', source: 'flag' });
  }
  return { positionals, given };
}
