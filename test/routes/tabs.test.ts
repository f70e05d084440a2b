// /browser/* queries and /tabs (rest.md §4.1–4.2). Shutdown is exercised by the e2e test (it ends
// the daemon).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { act, distinctColours, NO_SHOT, ok } from '../support/routeHelpers.ts';

let h: Harness;
let firstTab: string;
beforeAll(async () => {
  h = await startHarness();
  firstTab = ok(await h.api('GET', '/tabs'))[0].id;
});
afterAll(async () => { await h?.close(); });

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

async function until(what: string, check: () => Promise<boolean>, capMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > capMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('browser', () => {
  it('status: ready, with its components', async () => {
    const body = ok(await h.api('GET', '/browser/status'));
    expect(body).toMatchObject({ success: true, data: { ready: true, state: 'ready', components: { http_server: true, browser_window: true, devtools: true } } });
    expect(body.data.uptime_ms).toBeGreaterThanOrEqual(0);
    expect(body.data.message).toBeUndefined();
  });

  it('info: browser, versions and user agent', async () => {
    const body = ok(await h.api('GET', '/browser'));
    expect(body.browser).toMatch(/Chrom/);
    expect(body.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(body.user_agent).toMatch(/Mozilla\/5\.0/);
    expect(body.protocol_version).toMatch(/^\d+\.\d+$/);
    expect(body.abpd_version).toBe(pkg.version);
  });

  it('session-data: the session directory', async () => {
    const body = ok(await h.api('GET', '/browser/session-data'));
    expect(body.success).toBe(true);
    expect(body.data.session_dir).toBe(h.sessionDir);
    expect(body.data).toHaveProperty('screenshots_enabled');
    expect(body.data).toHaveProperty('database_path');
  });
});

describe('tabs', () => {
  it('a fresh daemon lists its start-up tab on about:blank, first', async () => {
    const tabs = ok(await h.api('GET', '/tabs'));
    expect(Array.isArray(tabs)).toBe(true);
    expect(tabs[0]).toMatchObject({ id: firstTab, url: 'about:blank', loading: false });
    for (const t of tabs) expect(Object.keys(t).sort()).toEqual(['active', 'id', 'loading', 'title', 'url']);
  });

  it('create with a url returns 201 at once (before the load), then the tab loads it', async () => {
    const gate = h.fixtures.gate('tabs-create');
    const url = h.fixtures.url('/gate/tabs-create?type=html');
    const created = ok(await h.api('POST', '/tabs', { url }), 201);
    expect(created).toEqual({ id: expect.stringMatching(/^[0-9A-F]{32}$/), url });
    // The document is still held by the server: the create did not wait for it.
    await until('the request to reach the gate', async () => gate.waiting() === 1);
    expect(ok(await h.api('GET', `/tabs/${created.id}`)).url).not.toBe(url);
    gate.release();
    await until('the tab to load', async () => {
      const t = ok(await h.api('GET', `/tabs/${created.id}`));
      return t.url === url && !t.loading;
    });
    const list = ok(await h.api('GET', '/tabs'));
    expect(list.map((t: any) => t.id)).toContain(created.id);
    expect(list.at(-1).id).toBe(created.id); // creation order
    expect(list.filter((t: any) => t.active).map((t: any) => t.id)).toEqual([created.id]);
  });

  it('create without a body opens about:blank; a bad url is a 400', async () => {
    const created = ok(await h.api('POST', '/tabs'), 201);
    expect(created.url).toBe('about:blank');
    const bad = await h.api('POST', '/tabs', { url: 'notaurl' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^url: /);
  });

  it('get: url, title, loading and history flags', async () => {
    const tab = await h.openTab('/pages/text.html');
    expect(ok(await h.api('GET', `/tabs/${tab}`))).toEqual({
      id: tab, url: h.fixtures.url('/pages/text.html'), title: 'Text Fixture', active: true, loading: false, can_go_back: true, can_go_forward: false,
    });
  });

  it('activate makes exactly that tab active and reports its index', async () => {
    const a = await h.openTab();
    await h.openTab();
    const body = ok(await h.api('POST', `/tabs/${a}/activate`));
    const list = ok(await h.api('GET', '/tabs'));
    expect(body).toEqual({ status: 'activated', tab_id: a, index: list.findIndex((t: any) => t.id === a) });
    expect(list.filter((t: any) => t.active).map((t: any) => t.id)).toEqual([a]);
  });

  it('stop ends a load in progress', async () => {
    const gate = h.fixtures.gate('tabs-stop');
    const created = ok(await h.api('POST', '/tabs', { url: h.fixtures.url('/gate/tabs-stop?type=html') }), 201);
    await until('the request to reach the gate', async () => gate.waiting() === 1);
    expect(ok(await h.api('GET', `/tabs/${created.id}`)).loading).toBe(true);
    expect(ok(await h.api('POST', `/tabs/${created.id}/stop`))).toEqual({ status: 'stopped', tab_id: created.id });
    await until('loading to end', async () => !ok(await h.api('GET', `/tabs/${created.id}`)).loading);
    gate.release();
  });

  it('close: the tab is gone, later calls on it are 404 TAB_NOT_FOUND, the list shrinks', async () => {
    const tab = await h.openTab('/pages/static.html');
    expect(ok(await h.api('DELETE', `/tabs/${tab}`))).toEqual({ closed_tab_id: tab });
    expect(ok(await h.api('GET', '/tabs')).map((t: any) => t.id)).not.toContain(tab);
    for (const [method, path] of [['GET', `/tabs/${tab}`], ['DELETE', `/tabs/${tab}`], ['POST', `/tabs/${tab}/click`], ['POST', `/tabs/${tab}/activate`]] as const) {
      const r = await h.api(method, path, method === 'POST' ? { x: 1, y: 1 } : undefined);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.code).toBe('TAB_NOT_FOUND');
      expect(r.body.error).toMatch(/GET \/api\/v1\/tabs/);
    }
    expect(ok(await h.api('GET', '/browser/status')).data.ready).toBe(true);
  });

  it('closing a tab fails the actions queued on it with TAB_NOT_FOUND', async () => {
    const tab = await h.openTab('/pages/static.html');
    const running = h.api('POST', `/tabs/${tab}/wait`, { ms: 1500, ...NO_SHOT });
    await until('the wait to run', async () => h.daemon.host.getTab(tab).queue.busy);
    const queued = h.api('POST', `/tabs/${tab}/click`, { x: 160, y: 120, ...NO_SHOT });
    await until('the click to queue', async () => h.daemon.host.getTab(tab).queue.waiting === 1);
    ok(await h.api('DELETE', `/tabs/${tab}`));
    const [r1, r2] = await Promise.all([running, queued]);
    expect(r2.status).toBe(404);
    expect(r2.body.code).toBe('TAB_NOT_FOUND');
    expect([200, 404]).toContain(r1.status); // the running action finishes or reports the tab gone
  });

  it('a tab created long ago still renders after more tabs were opened', async () => {
    const old = await h.openTab('/pages/static.html');
    for (let i = 0; i < 3; i += 1) await h.openTab('/pages/text.html');
    const r = await h.raw('GET', `/tabs/${old}/screenshot?format=png&cursor=false`);
    expect(r.status).toBe(200);
    expect(await distinctColours(Buffer.from(await r.arrayBuffer()))).toBeGreaterThan(2);
    const env = await act(h, old, 'click', { x: 160, y: 120, screenshot: { format: 'png', cursor: false } });
    expect(env.screenshot_after).toBeDefined();
    expect(await h.value(old, 'window.clicked')).toBe(true);
  });
});
