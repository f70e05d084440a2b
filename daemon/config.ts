// Settings of one daemon run. The CLI (daemon/cli/) fills these from flags and ABPD_* variables.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Config {
  host: string;
  port: number;
  chrome?: string;
  /** Attach to a running Chrome (http://host:port or ws://…) instead of launching one. */
  connect?: string;
  headed: boolean;
  windowSize: { width: number; height: number };
  sessionDir: string;
  history: boolean;
  /** History retention: the oldest actions (rows and screenshot files) go beyond these; 0 = no limit. */
  historyMaxActions: number;
  historyMaxMb: number;
  pause: boolean;
  authToken?: string;
  minWaitMs: number;
  trackingTimeoutMs: number;
  postSettleMs: number;
  /** Virtual time a page may run after an input when execution control is on. */
  virtualBudgetMs: number;
  settleCapMs: number;
  actionDeadlineMs: number;
  queueCap: number;
  maxBatch: number;
  logLevel: 'info' | 'debug' | 'quiet';
  allowedHosts: string[];
  allowedOrigins: string[];
  allowFileAccess: boolean;
  uploadRoot?: string;
}

export function defaultSessionDir(): string {
  const base = process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state');
  return join(base, 'abpd', 'session');
}

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: '127.0.0.1',
    port: 8222,
    headed: false,
    windowSize: { width: 1280, height: 800 },
    sessionDir: defaultSessionDir(),
    history: true,
    historyMaxActions: 20_000,
    historyMaxMb: 1024,
    pause: true,
    // ABP's names and defaults (abp_config.h), except post_settle: with virtual time fast-forwarding
    // script gaps during the action, a 100 ms network-quiet window was correct on every fixture.
    minWaitMs: 150,
    trackingTimeoutMs: 1000,
    postSettleMs: 100,
    virtualBudgetMs: 500,
    settleCapMs: 10_000,
    actionDeadlineMs: 30_000,
    queueCap: 50,
    maxBatch: 50,
    logLevel: 'info',
    allowedHosts: [],
    allowedOrigins: [],
    allowFileAccess: false,
    ...overrides,
  };
}
