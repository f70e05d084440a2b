// Issue 24 "Performance trace": start/stop answers a JSON trace file with trace events (the format
// DevTools' Performance panel loads) covering what an action did; Core Web Vitals of the document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('trace and vitals', () => {
  it('a trace file parses as JSON with trace events of the traced page', async () => {
    const tab = await h.openTab('/pages/devtools.html');
    expect((await h.api('POST', `/tabs/${tab}/trace/stop`)).status).toBe(409);
    expect((await h.api('POST', `/tabs/${tab}/trace/start`, {})).status).toBe(200);
    expect((await h.api('POST', `/tabs/${tab}/trace/start`, {})).body.code).toBe('TRACE_RUNNING');
    expect((await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } })).status).toBe(200);
    const r = await h.raw('POST', `/api/v1/tabs/${tab}/trace/stop`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain('trace-');
    const trace = JSON.parse(await r.text());
    expect(Array.isArray(trace.traceEvents)).toBe(true);
    expect(trace.traceEvents.length).toBeGreaterThan(10);
    for (const e of trace.traceEvents.slice(0, 50)) { expect(typeof e.ph).toBe('string'); expect(typeof e.pid).toBe('number'); }
    const names = new Set(trace.traceEvents.map((e: any) => e.name));
    // The click's input event and the fetches it started show in the timeline.
    expect([...names].some((n) => /EventDispatch|ResourceSendRequest/.test(String(n)))).toBe(true);
    expect((await h.api('POST', `/tabs/${tab}/trace/stop`)).status).toBe(409);
  });

  it('Core Web Vitals of the current document', async () => {
    const tab = await h.openTab('/pages/devtools.html');
    await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    const v = await h.api('GET', `/tabs/${tab}/vitals`);
    expect(v.status).toBe(200);
    expect(v.body.lcp_ms).toBeGreaterThan(0);
    expect(v.body.fcp_ms).toBeGreaterThan(0);
    expect(v.body.cls).toBe(0);
    expect(v.body.ttfb_ms).toBeGreaterThanOrEqual(0);
    expect(typeof v.body.interactions).toBe('number');
  });
});
