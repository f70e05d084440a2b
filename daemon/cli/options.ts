// The daemon's options as one table: flag, ABPD_* variable, type, default, help. `--help` text and
// the env mapping come from it, so they cannot drift.
import type { Config } from '../config.ts';

export interface OptionDef {
  flag: string;
  env: string;
  type: 'string' | 'int' | 'bool' | 'size' | 'list';
  help: string;
  apply(config: Config, value: string | number | boolean | string[] | { width: number; height: number }): void;
}

export const START_OPTIONS: OptionDef[] = [
  { flag: 'port', env: 'ABPD_PORT', type: 'int', help: 'HTTP port (default 8222; 0 picks a free one)', apply: (c, v) => { c.port = v as number; } },
  { flag: 'host', env: 'ABPD_HOST', type: 'string', help: 'address to bind (default 127.0.0.1)', apply: (c, v) => { c.host = v as string; } },
  { flag: 'chrome', env: 'ABPD_CHROME', type: 'string', help: 'Chrome/Chromium binary (default: CHROME_PATH, then the usual places)', apply: (c, v) => { c.chrome = v as string; } },
  { flag: 'headed', env: 'ABPD_HEADED', type: 'bool', help: 'show browser windows (needs a display)', apply: (c, v) => { c.headed = v as boolean; } },
  { flag: 'window-size', env: 'ABPD_WINDOW_SIZE', type: 'size', help: 'viewport W,H in CSS px (default 1280,800)', apply: (c, v) => { c.windowSize = v as { width: number; height: number }; } },
  { flag: 'session-dir', env: 'ABPD_SESSION_DIR', type: 'string', help: 'where profile, history and downloads live', apply: (c, v) => { c.sessionDir = v as string; } },
  { flag: 'no-history', env: 'ABPD_NO_HISTORY', type: 'bool', help: 'do not record actions', apply: (c, v) => { c.history = !(v as boolean); } },
  { flag: 'no-pause', env: 'ABPD_NO_PAUSE', type: 'bool', help: 'do not pause pages between actions', apply: (c, v) => { c.pause = !(v as boolean); } },
  { flag: 'auth-token', env: 'ABPD_AUTH_TOKEN', type: 'string', help: 'require Authorization: Bearer TOKEN (or "auto")', apply: (c, v) => { c.authToken = v as string; } },
  { flag: 'min-wait', env: 'ABPD_MIN_WAIT', type: 'int', help: 'settle grace window in ms (default 150)', apply: (c, v) => { c.minWaitMs = v as number; } },
  { flag: 'tracking-timeout', env: 'ABPD_TRACKING_TIMEOUT', type: 'int', help: 'max ms to wait for requests an action started (default 1000)', apply: (c, v) => { c.trackingTimeoutMs = v as number; } },
  { flag: 'post-settle', env: 'ABPD_POST_SETTLE', type: 'int', help: 'network-quiet window in ms (default 100)', apply: (c, v) => { c.postSettleMs = v as number; } },
  { flag: 'max-batch', env: 'ABPD_MAX_BATCH', type: 'int', help: 'most sub-actions in one batch (default 50)', apply: (c, v) => { c.maxBatch = v as number; } },
  { flag: 'allowed-host', env: 'ABPD_ALLOWED_HOST', type: 'list', help: 'extra Host header names to accept (comma-separated)', apply: (c, v) => { c.allowedHosts = v as string[]; } },
  { flag: 'allowed-origin', env: 'ABPD_ALLOWED_ORIGIN', type: 'list', help: 'Origins allowed to call the API (comma-separated)', apply: (c, v) => { c.allowedOrigins = v as string[]; } },
  { flag: 'allow-file-access', env: 'ABPD_ALLOW_FILE_ACCESS', type: 'bool', help: 'allow file:// navigation and uploads by path', apply: (c, v) => { c.allowFileAccess = v as boolean; } },
  { flag: 'upload-root', env: 'ABPD_UPLOAD_ROOT', type: 'string', help: 'only files under DIR may be uploaded by path', apply: (c, v) => { c.uploadRoot = v as string; } },
  { flag: 'log-level', env: 'ABPD_LOG_LEVEL', type: 'string', help: 'info | debug | quiet', apply: (c, v) => {
    if (!['info', 'debug', 'quiet'].includes(v as string)) throw new Error(`--log-level: use info, debug or quiet (got "${v}")`);
    c.logLevel = v as Config['logLevel'];
  } },
];

export function parseValue(def: OptionDef, raw: string, source: string): string | number | boolean | string[] | { width: number; height: number } {
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
export function applyOptions(config: Config, argv: string[], env: NodeJS.ProcessEnv): string[] {
  for (const def of START_OPTIONS) {
    const raw = env[def.env];
    if (raw !== undefined && raw !== '') def.apply(config, parseValue(def, raw, def.env));
  }
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) { rest.push(arg); continue; }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const def = START_OPTIONS.find((d) => d.flag === name);
    if (!def) throw new Error(`unknown option --${name}; see abpd --help`);
    let raw = inline;
    if (raw === undefined && def.type !== 'bool') {
      raw = argv[i + 1];
      if (raw === undefined || raw.startsWith('--')) throw new Error(`--${name} needs a value`);
      i += 1;
    }
    def.apply(config, parseValue(def, raw ?? 'true', `--${name}`));
  }
  return rest;
}

export function optionsHelp(): string {
  return START_OPTIONS.map((d) => `  --${d.flag}${d.type === 'bool' ? '' : ' VALUE'}`.padEnd(30) + `${d.help} [${d.env}]`).join('\n');
}
