// Issue 24 "Network": the per-tab request log against the fixture server's own log (real Chromium),
// the action that started each request, filters, one request's headers and its capped body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('GET /tabs/{id}/network', () => {
  it('lists what the fixture server saw, each with the action that started it', async () => {
    const created = await h.api('POST', '/tabs', {});
    const tab = created.body.id as string;
    h.fixtures.resetHits();
    const nav = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/devtools.html'), screenshot: { area: 'none' } });
    expect(nav.status).toBe(200);
    const click = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    expect(click.status).toBe(200);
    expect(await h.value(tab, 'window.clickDone')).toBe(true);

    const log = await h.api('GET', `/tabs/${tab}/network`);
    expect(log.status).toBe(200);
    const ours = (log.body.requests as any[]).filter((r) => r.url.startsWith(h.fixtures.origin));
    const seen = (r: any) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`;
    const server = h.fixtures.requests().map((r) => `${r.method} ${r.path}`);
    expect(ours.map(seen)).toEqual(server);
    expect(server).toEqual(['GET /pages/devtools.html', 'GET /delay/20/boot.json?type=json', 'GET /status/404', 'GET /delay/50/click.json?type=json']);

    const [doc, boot, missing, clicked] = ours;
    expect(doc).toMatchObject({ type: 'Document', status: 200, state: 'finished', action: { action_id: nav.body.action_id, type: 'navigate' } });
    expect(boot.action.action_id).toBe(nav.body.action_id);
    expect(missing).toMatchObject({ type: 'Fetch', status: 404, action: { action_id: click.body.action_id } });
    expect(clicked).toMatchObject({ type: 'Fetch', status: 200, mime_type: 'application/json', initiator: { type: 'script' } });
    expect(clicked.action.action_id).toBe(click.body.action_id);
    expect(clicked.timing.total_ms).toBeGreaterThan(0);
    expect(clicked.sizes.transfer_bytes).toBeGreaterThan(0);
    expect(clicked.started_at).toBeGreaterThan(Date.now() - 60_000);

    // Filters: status class, type, after_id.
    const notFound = await h.api('GET', `/tabs/${tab}/network?status=4xx`);
    expect(notFound.body.requests.map((r: any) => r.id)).toEqual([missing.id]);
    const fetches = await h.api('GET', `/tabs/${tab}/network?type=fetch`);
    expect(fetches.body.requests.map((r: any) => r.id)).toEqual([boot.id, missing.id, clicked.id]);
    const after = await h.api('GET', `/tabs/${tab}/network?after_id=${missing.id}`);
    expect(after.body.requests.map((r: any) => r.id)).toEqual([clicked.id]);

    // One request: headers, and the body on demand, capped.
    const one = await h.api('GET', `/tabs/${tab}/network/${doc.id}?body=true&max_body_bytes=100`);
    expect(one.status).toBe(200);
    expect(one.body.request.response_headers['content-type'] ?? one.body.request.response_headers['Content-Type']).toContain('text/html');
    expect(Object.keys(one.body.request.request_headers).length).toBeGreaterThan(0);
    expect(one.body.body.text.length).toBe(100);
    expect(one.body.body.text.startsWith('<!doctype html>')).toBe(true);
    expect(one.body.body).toMatchObject({ truncated: true });
    expect(one.body.body.size).toBeGreaterThan(1000);
    const json = await h.api('GET', `/tabs/${tab}/network/${clicked.id}?body=true`);
    expect(json.body.body.truncated).toBe(false);
    expect(JSON.parse(json.body.body.text)).toBeTypeOf('object');
  });

  it('bad input is a 400 naming the field; an unknown request is 404', async () => {
    const tab = await h.openTab();
    const bad = await h.api('GET', `/tabs/${tab}/network?status=teapot`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('status');
    const missing = await h.api('GET', `/tabs/${tab}/network/999999`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('REQUEST_NOT_FOUND');
    const notId = await h.api('GET', `/tabs/${tab}/network/abc`);
    expect(notId.status).toBe(400);
  });
});
