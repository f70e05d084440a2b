// Settings of one daemon run. The CLI (daemon/cli/) fills these from flags and ABPD_* variables.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defaultLlmOptions, type LlmOptions } from '../agent/llm/settings.ts';

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
  /** Network-quiet window; null = the default for the tab's mode (quietWindowMs). */
  postSettleMs: number | null;
  /** Virtual time a page may run after an input when execution control is on. */
  virtualBudgetMs: number;
  settleCapMs: number;
  actionDeadlineMs: number;
  queueCap: number;
  maxBatch: number;
  logLevel: 'info' | 'debug' | 'quiet';
  allowedHosts: string[];
  /** Hosts besides loopback that AGI webhooks may be posted to (--allow-webhook-host). */
  allowWebhookHosts: string[];
  allowedOrigins: string[];
  allowFileAccess: boolean;
  uploadRoot?: string;
  /** What abpd may keep in the session dir (history + downloads + uploads; not the Chromium profile): oldest pruned first; 0 = no quota. */
  maxSessionBytes: number;
  /** A download larger than this is cancelled (download_failed reason too_large); 0 = no cap. */
  maxDownloadBytes: number;
  /** Open tabs in the whole daemon (all sessions); 0 = no cap. */
  maxTabs: number;
  /** Sessions other than `default` alive at once. */
  maxSessions: number;
  /** Let the daemon's own Chromium load the viewer pages of its own origin (never /api/). */
  allowSelfView: boolean;
  /** The model agent tasks use (agent.md §1); the key is read from the environment, never stored here. */
  llm: LlmOptions;
  /** Agent tasks running at once; more wait in FIFO order (agent.md §6). */
  maxAgentTasks: number;
}

/**
 * The network-quiet window after an action's requests ended (ABP's post_settle is 350 ms). It only
 * has to cover a response handler's own work (reading the body, rendering, starting the next
 * request): timer gaps between chained requests are fast-forwarded by the action's virtual-time
 * budget when the tab is paused between actions (execution control), and must be waited out in
 * real time when it is not (measured.md §5: 100 ms caught gaps up to 120 ms). Measured with 50 ms
 * under execution control: every settle test and bench scenario correct, ~50 ms less per network round.
 */
export function quietWindowMs(config: Pick<Config, 'postSettleMs'>, executionControl: boolean): number {
  return config.postSettleMs ?? (executionControl ? 50 : 100);
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
    // ABP's names and defaults (abp_config.h), except post_settle (see quietWindowMs).
    minWaitMs: 150,
    trackingTimeoutMs: 1000,
    postSettleMs: null,
    virtualBudgetMs: 500,
    settleCapMs: 10_000,
    actionDeadlineMs: 30_000,
    queueCap: 50,
    maxBatch: 50,
    logLevel: 'info',
    allowedHosts: [],
    allowWebhookHosts: [],
    allowedOrigins: [],
    allowFileAccess: false,
    maxTabs: 64,
    maxDownloadBytes: 512 * 1024 * 1024,
    maxSessionBytes: 4 * 1024 * 1024 * 1024,
    maxSessions: 8,
    allowSelfView: false,
    llm: defaultLlmOptions(),
    maxAgentTasks: 4,
    ...overrides,
  };
}
