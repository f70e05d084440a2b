// Issue 24 "request blocking and mocking rules per tab": a mocked route answers the page's fetch
// (the server never sees it), a blocked one fails, rules end on DELETE, another tab is untouched,
// and the session's Document interception (wire gate) still works beside them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('/tabs/{id}/network/rules', () => {
  it('a mocked route answers the page\'s fetch; a blocked one fails; DELETE ends them', async () => {
    const tab = await h.openTab('/pages/devtools.html');
    const other = await h.openTab('/pages/devtools.html');
    const set = await h.api('POST', `/tabs/${tab}/network/rules`, { rules: [
      { url_pattern: '*/mocked/*', action: 'fulfill', status: 201, body: '{"mocked":true}', content_type: 'application/json' },
      { url_pattern: '*/status/200*', action: 'block' },
    ] });
    expect(set.status).toBe(200);
    h.fixtures.resetHits();
    expect(await h.value(tab, "window.tryFetch('/mocked/items')")).toBe('ok:201:{"mocked":true}');
    expect(await h.value(tab, "window.tryFetch('/status/200')")).toMatch(/^error:/);
    expect(h.fixtures.hits('/mocked/items')).toBe(0);
    expect(h.fixtures.hits('/status/200')).toBe(0);
    // Another tab has no rules.
    expect(await h.value(other, "window.tryFetch('/status/200')")).toMatch(/^ok:200:/);
    const listed = await h.api('GET', `/tabs/${tab}/network/rules`);
    expect(listed.body.rules.map((r: any) => r.hits)).toEqual([1, 1]);
    // The request log shows the mocked answer.
    const log = await h.api('GET', `/tabs/${tab}/network?type=Fetch`);
    expect(log.body.requests.find((r: any) => r.url.endsWith('/mocked/items'))).toMatchObject({ status: 201 });
    // Documents still load through the same interception (the wire gate's Document pattern).
    const nav = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/devtools.html'), screenshot: { area: 'none' } });
    expect(nav.status).toBe(200);
    expect(await h.value(tab, "window.tryFetch('/mocked/again')")).toBe('ok:201:{"mocked":true}');

    expect((await h.api('DELETE', `/tabs/${tab}/network/rules`)).status).toBe(200);
    expect(await h.value(tab, "window.tryFetch('/status/200')")).toMatch(/^ok:200:/);
    expect(await h.value(tab, "window.tryFetch('/mocked/x')")).toMatch(/^ok:404:/);
  });

  it('bad rules are a 400 naming the field', async () => {
    const tab = await h.openTab();
    const bad = await h.api('POST', `/tabs/${tab}/network/rules`, { rules: [{ url_pattern: '*', action: 'explode' }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('action');
  });
});
