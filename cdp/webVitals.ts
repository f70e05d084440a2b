// Core Web Vitals of the current document (issue 24), read from the page's own performance
// timeline. takeRecords() right after observe({buffered: true}) answers the buffered entries at
// once: no callback has to run, so it works on a paused page (virtual time) and moves no clock.
import type { CdpSession } from './connection.ts';

export interface WebVitals { lcp_ms: number | null; cls: number; inp_ms: number | null; fcp_ms: number | null; ttfb_ms: number | null; interactions: number }

// Runs in the page; self-contained.
function readVitals(): WebVitals {
  const take = (type: string, extra: Record<string, unknown> = {}): PerformanceEntry[] => {
    if (!PerformanceObserver.supportedEntryTypes.includes(type)) return [];
    const o = new PerformanceObserver(() => undefined);
    o.observe({ type, buffered: true, ...extra } as PerformanceObserverInit);
    const list = o.takeRecords();
    o.disconnect();
    return list;
  };
  const lcp = take('largest-contentful-paint').at(-1) as (PerformanceEntry & { renderTime?: number; loadTime?: number }) | undefined;
  // CLS: the largest session window (gaps < 1 s, windows ≤ 5 s) of shifts without recent input.
  let cls = 0; let windowValue = 0; let windowStart = 0; let last = 0;
  for (const s of take('layout-shift') as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
    if (s.hadRecentInput) continue;
    if (s.startTime - last > 1000 || s.startTime - windowStart > 5000) { windowValue = 0; windowStart = s.startTime; }
    windowValue += s.value; last = s.startTime; cls = Math.max(cls, windowValue);
  }
  // INP: the slowest interaction (for under 50 interactions; the p98 rule matters only beyond).
  const byInteraction = new Map<number, number>();
  for (const e of take('event', { durationThreshold: 16 }) as (PerformanceEntry & { interactionId?: number })[]) {
    if (e.interactionId) byInteraction.set(e.interactionId, Math.max(byInteraction.get(e.interactionId) ?? 0, e.duration));
  }
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    lcp_ms: lcp ? Math.round(lcp.startTime) : null, cls: Math.round(cls * 10_000) / 10_000,
    inp_ms: byInteraction.size ? Math.max(...byInteraction.values()) : null,
    fcp_ms: fcp ? Math.round(fcp.startTime) : null, ttfb_ms: nav ? Math.round(nav.responseStart) : null, interactions: byInteraction.size,
  };
}

export async function webVitals(session: CdpSession): Promise<WebVitals> {
  const r = await session.send('Runtime.evaluate', { expression: `(${readVitals.toString()})()`, returnByValue: true, silent: true }, { timeoutMs: 10_000 });
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? 'the page could not read its performance timeline');
  return r.result.value as WebVitals;
}
