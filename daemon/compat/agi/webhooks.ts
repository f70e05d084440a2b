// Webhook delivery (agent-apis.md §1.2.1 "Webhooks"): fire-and-forget POSTs of `{event, session_id,
// timestamp, data}` to the session's webhook_url — the first try plus up to 3 retries with
// exponential backoff (1 s, 2 s, 4 s) after a network error or a non-2xx answer, 10 s timeout per
// attempt, never more than 30 s in all, never awaited by the request that caused it. Each session's
// deliveries go out in order (a retried one holds back the next, not the session).
import type { Logger } from '../../log.ts';

export interface WebhookTiming { backoffMs: number; timeoutMs: number; totalMs: number; retries: number }
export const WEBHOOK_TIMING: WebhookTiming = { backoffMs: 1_000, timeoutMs: 10_000, totalMs: 30_000, retries: 3 };

export class Webhooks {
  #chains = new Map<string, Promise<void>>();
  #stopped = new AbortController();
  readonly timing: WebhookTiming = { ...WEBHOOK_TIMING };
  constructor(private readonly log: Logger) {}

  send(url: string, sessionId: string, event: string, data: Record<string, unknown>): void {
    const payload = JSON.stringify({ event, session_id: sessionId, timestamp: new Date().toISOString(), data });
    const prev = this.#chains.get(sessionId) ?? Promise.resolve();
    const next = prev.then(() => this.#deliver(url, event, payload)).catch(() => undefined);
    this.#chains.set(sessionId, next);
    void next.finally(() => { if (this.#chains.get(sessionId) === next) this.#chains.delete(sessionId); });
  }

  async #deliver(url: string, event: string, payload: string): Promise<void> {
    const start = Date.now();
    const t = this.timing;
    for (let attempt = 0; attempt <= t.retries; attempt += 1) {
      if (this.#stopped.signal.aborted) return;
      const left = t.totalMs - (Date.now() - start);
      if (left <= 0) break;
      let outcome: string;
      try {
        const r = await fetch(url, {
          method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'abpd-agi-webhooks' }, body: payload, redirect: 'manual',
          signal: AbortSignal.any([AbortSignal.timeout(Math.min(t.timeoutMs, left)), this.#stopped.signal]),
        });
        await r.arrayBuffer().catch(() => undefined);
        if (r.status >= 200 && r.status < 300) return;
        outcome = `HTTP ${r.status}`;
      } catch (err) {
        outcome = (err as Error).message;
      }
      if (attempt === t.retries) { this.log.info(`agi webhook ${event} to ${url} failed after ${attempt + 1} attempts: ${outcome}`); return; }
      await new Promise((resolve) => setTimeout(resolve, t.backoffMs * 2 ** attempt).unref());
    }
  }

  stop(): void { this.#stopped.abort(); }
}
