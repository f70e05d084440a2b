// One session's live state (sessions.md §1): its browser context, policies, token bucket, TTL and
// the status the routes report. The registry (registry.ts) makes and ends them.
import type { ChromeBrowser } from '../../cdp/browser.ts';
import type { Policies } from './policies.ts';

export type SessionStatus = 'ready' | 'running' | 'paused' | 'paused_hitl' | 'expired' | 'terminated' | 'error';

export interface SessionOptions {
  user_agent?: string; locale?: string; timezone?: string;
  /** Window size of each of its tabs, CSS px (default: --window-size). */
  viewport?: { width: number; height: number; mobile?: boolean };
  geolocation?: { latitude: number; longitude: number; accuracy?: number };
  proxy?: { server: string; bypass?: string };
  start_url?: string;
}

export class Session {
  status: SessionStatus = 'ready';
  endedAt: number | null = null;
  /** Why the session is `error` (its Chromium went away). */
  error: string | undefined;
  #tokens: number;
  #refilledAt = performance.now();
  ttlTimer: NodeJS.Timeout | undefined;
  /** Agent task running in the session (set by the agent runtime). */
  task: Record<string, unknown> | null = null;
  /** Other ids the same session is known by on compat surfaces (an AGI UUID…). */
  readonly aliases = new Set<string>();
  /** Origins its tabs have shown (http/https): whose localStorage a profile save reads. */
  readonly origins = new Set<string>();

  constructor(readonly id: string, readonly contextId: string, readonly browser: ChromeBrowser, public policies: Policies,
    readonly createdAt: number, readonly labels: Record<string, string>, readonly options: SessionOptions,
    readonly profile: { id: string; readOnly: boolean } | null) {
    this.#tokens = policies.rate_limit_apm;
  }

  get expiresAt(): number | null { return this.policies.token_ttl_s > 0 ? this.createdAt + this.policies.token_ttl_s * 1000 : null; }
  get live(): boolean { return this.status !== 'expired' && this.status !== 'terminated' && this.status !== 'error'; }

  /**
   * Token bucket over actions: full at `rate_limit_apm`, refilled continuously at apm per minute.
   * Returns 0 when a token was taken, else the ms until the next one.
   */
  takeToken(now = performance.now()): number {
    const apm = this.policies.rate_limit_apm;
    if (apm <= 0) return 0;
    this.#tokens = Math.min(apm, this.#tokens + ((now - this.#refilledAt) * apm) / 60_000);
    this.#refilledAt = now;
    if (this.#tokens >= 1) { this.#tokens -= 1; return 0; }
    return Math.ceil(((1 - this.#tokens) * 60_000) / apm);
  }

  /** A changed rate starts from a full bucket of the new size. */
  resetBucket(): void { this.#tokens = this.policies.rate_limit_apm; this.#refilledAt = performance.now(); }
}
