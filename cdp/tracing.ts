// Performance traces (issue 24): Tracing.start/end on a tab's session, events collected as
// Tracing.dataCollected reports them; the result is the JSON object format Chrome DevTools'
// Performance panel loads ({"traceEvents": [...]}). One trace per tab at a time, capped in events.
import type { CdpSession } from './connection.ts';

const MAX_EVENTS = 2_000_000;
// DevTools' own Performance-panel categories (the timeline, paint, layout, JS sampling, screenshots off).
export const DEFAULT_CATEGORIES = [
  'devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame',
  'toplevel', 'blink.console', 'blink.user_timing', 'latencyInfo', 'loading', 'disabled-by-default-v8.cpu_profiler',
];

interface Running { events: unknown[]; startedAt: number; dropped: number; off: () => void }
const running = new WeakMap<CdpSession, Running>();

export function isTracing(session: CdpSession): boolean { return running.has(session); }

export async function startTrace(session: CdpSession, categories: string[] = DEFAULT_CATEGORIES): Promise<void> {
  const state: Running = { events: [], startedAt: Date.now(), dropped: 0, off: () => undefined };
  state.off = session.on('Tracing.dataCollected', (e) => {
    for (const ev of e.value) { if (state.events.length < MAX_EVENTS) state.events.push(ev); else state.dropped += 1; }
  });
  running.set(session, state);
  try {
    await session.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories.filter((c) => !c.startsWith('-')) } }, { timeoutMs: 10_000 });
  } catch (err) {
    state.off();
    running.delete(session);
    throw err;
  }
}

/** Ends the trace and answers its events (tracingComplete comes after the last dataCollected). */
export async function stopTrace(session: CdpSession, timeoutMs: number): Promise<{ traceEvents: unknown[]; metadata: Record<string, unknown> }> {
  const state = running.get(session)!;
  running.delete(session);
  const complete = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`the trace did not complete within ${timeoutMs} ms`)); }, timeoutMs);
    const off = session.on('Tracing.tracingComplete', () => { clearTimeout(timer); off(); resolve(); });
  });
  try {
    await session.send('Tracing.end', undefined, { timeoutMs });
    await complete;
  } finally {
    state.off();
  }
  return { traceEvents: state.events, metadata: { source: 'abpd', 'trace-started-at': new Date(state.startedAt).toISOString(), dropped_events: state.dropped } };
}
