// The optional `wait_until` field (rest.md §2.3): replaces the default settle with a simple condition.
import { z } from 'zod';
import type { SettleReport } from '../cdp/settle.ts';
import type { Tab } from './tab.ts';

export const waitUntilSchema = z.object({
  type: z.enum(['action_complete', 'immediate', 'time', 'network_idle', 'text', 'url']).optional().meta({ default: 'action_complete', description: 'what ends the wait instead of the default settle' }),
  ms: z.number().int().min(0).max(60_000).optional().meta({ description: 'type time: how long' }),
  duration_ms: z.number().int().min(0).max(60_000).optional(),
  idle_time_ms: z.number().int().min(0).max(60_000).optional().meta({ default: 500, description: 'type network_idle: quiet this long' }),
  text: z.string().min(1).max(100_000).optional().meta({ description: 'type text: wait until the page shows it' }),
  url: z.string().min(1).max(100_000).optional().meta({ description: 'type url: wait until the URL contains it' }),
  timeout_ms: z.number().int().min(0).max(60_000).optional().meta({ default: 10000, description: 'give up after' }),
}).loose().superRefine((v, ctx) => {
  if (v.type === 'text' && !v.text) ctx.addIssue({ code: 'custom', path: ['text'], message: 'wait_until type "text" needs a non-empty "text"' });
  if (v.type === 'url' && !v.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'wait_until type "url" needs a non-empty "url"' });
});
export type WaitUntil = z.infer<typeof waitUntilSchema>;

const POLL_MS = 50;

/** Runs the condition while letting the page's clock follow the wall clock. */
export async function waitUntilCondition(tab: Tab, spec: WaitUntil, signal: AbortSignal): Promise<SettleReport> {
  const start = performance.now();
  const cap = spec.timeout_ms ?? 10_000;
  const idleFor = spec.idle_time_ms ?? 500;
  const timeMs = spec.ms ?? spec.duration_ms ?? 0;
  let last = start;
  let idleSince = performance.now();
  const done = async (): Promise<boolean> => {
    const elapsed = performance.now() - start;
    switch (spec.type) {
      case 'immediate': return true;
      case 'time': return elapsed >= timeMs;
      case 'url': return tab.page.url.includes(spec.url ?? '');
      case 'network_idle':
        if (tab.page.network.allPending().length > 0) idleSince = performance.now();
        return performance.now() - idleSince >= idleFor;
      case 'text': {
        try {
          const r = await tab.page.session.send('Runtime.evaluate', { expression: 'document.body ? document.body.innerText : ""', returnByValue: true }, { timeoutMs: 2_000 });
          return String(r.result.value ?? '').includes(spec.text ?? '');
        } catch { return false; } // mid-navigation: try again at the next poll
      }
      default: return true;
    }
  };
  let reason: SettleReport['reason'] = 'quiet';
  for (;;) {
    if (await done()) break;
    if (tab.page.dialog) { reason = 'dialog'; break; }
    if (signal.aborted || performance.now() - start >= cap) { reason = 'cap'; break; }
    await new Promise((r) => setTimeout(r, POLL_MS));
    const now = performance.now();
    if (tab.clock.enabled) await tab.clock.pump(now - last);
    last = now;
  }
  if (tab.clock.enabled && reason !== 'dialog') { await tab.clock.pause(); await tab.clock.flushFrames(); }
  return { reason, waited_ms: Math.round(performance.now() - start), pending_requests: tab.page.network.allPending().length, unresolved: [] };
}
