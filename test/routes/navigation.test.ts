// navigate, back, forward, reload (rest.md §4.3) against real Chromium and the fixture server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { act, closedPort, NO_SHOT, ok } from '../support/routeHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

async function newTab(): Promise<string> {
  return ok(await h.api('POST', '/tabs', {}), 201).id;
}

describe('navigate', () => {
  it('loads the page, reports the normalized url and a navigation event, and waits for the load', async () => {
    const tab = await newTab();
    const env = await act(h, tab, 'navigate', { url: h.fixtures.origin }); // no trailing slash
    expect(env.result).toEqual({ status: 'navigated', url: `${h.fixtures.origin}/`, http_status: 200 });
    const env2 = await act(h, tab, 'navigate', { url: h.fixtures.url('/pages/landing.html') });
    expect(env2.result).toMatchObject({ status: 'navigated', url: h.fixtures.url('/pages/landing.html'), http_status: 200 });
    expect(env2.settle.reason).toBe('navigation_loaded');
    expect(env2.events.some((e: any) => e.type === 'navigation' && e.data.is_main_frame && e.data.url === h.fixtures.url('/pages/landing.html'))).toBe(true);
    // Subresources and the post-load fetch are done when the action returns.
    expect(await h.value(tab, 'window.landingReady && window.landingFetched')).toBe(true);
    const info = ok(await h.api('GET', `/tabs/${tab}`));
    expect(info).toMatchObject({ id: tab, url: h.fixtures.url('/pages/landing.html'), title: 'Landing', loading: false, can_go_back: true, can_go_forward: false });
  });

  it('a refused connection is a result, not an HTTP error', async () => {
    const tab = await newTab();
    const port = await closedPort();
    const env = await act(h, tab, 'navigate', { url: `http://127.0.0.1:${port}/x` });
    expect(env.result).toMatchObject({ status: 'navigated', url: `http://127.0.0.1:${port}/x`, error_text: 'net::ERR_CONNECTION_REFUSED' });
    expect(env.result.http_status).toBeUndefined();
    expect(env.screenshot_after).toBeDefined(); // the error page
  });

  it('a 404 document reports http_status 404 and shows the page', async () => {
    const tab = await newTab();
    const env = await act(h, tab, 'navigate', { url: h.fixtures.url('/status/404'), ...NO_SHOT });
    expect(env.result).toMatchObject({ status: 'navigated', http_status: 404 });
    expect(env.result.error_text).toBeUndefined();
    expect(await h.value(tab, "document.getElementById('status').textContent")).toBe('Status 404');
    const env500 = await act(h, tab, 'navigate', { url: h.fixtures.url('/status/503'), ...NO_SHOT });
    expect(env500.result.http_status).toBe(503);
  });

  it('follows redirects and reports the final status', async () => {
    const tab = await newTab();
    const env = await act(h, tab, 'navigate', { url: h.fixtures.url('/redirect?to=/pages/text.html'), ...NO_SHOT });
    expect(env.result.http_status).toBe(200);
    expect(await h.value(tab, 'location.pathname')).toBe('/pages/text.html');
  });

  it('accepts about:blank and data: URLs, refuses other schemes and file: by default', async () => {
    const tab = await newTab();
    await act(h, tab, 'navigate', { url: 'data:text/html,<title>D</title><p id=p>data page</p>', ...NO_SHOT });
    expect(await h.value(tab, "document.getElementById('p').textContent")).toBe('data page');
    await act(h, tab, 'navigate', { url: 'about:blank', ...NO_SHOT });
    expect(await h.value(tab, 'location.href')).toBe('about:blank');
    const js = await h.api('POST', `/tabs/${tab}/navigate`, { url: 'javascript:alert(1)' });
    expect(js.status).toBe(400);
    expect(js.body.error).toMatch(/url/);
    const file = await h.api('POST', `/tabs/${tab}/navigate`, { url: 'file:///etc/passwd' });
    expect(file.status).toBe(403);
    expect(file.body.code).toBe('FILE_ACCESS_DENIED');
    const relative = await h.api('POST', `/tabs/${tab}/navigate`, { url: '/pages/text.html' });
    expect(relative.status).toBe(400);
    expect(relative.body.error).toMatch(/url.*absolute/);
  });
});

describe('back / forward', () => {
  it('a fresh tab cannot go back or forward (409)', async () => {
    const tab = await newTab();
    const back = await h.api('POST', `/tabs/${tab}/back`, {});
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ code: 'CANNOT_GO_BACK' });
    expect(back.body.error).toMatch(/back/);
    const forward = await h.api('POST', `/tabs/${tab}/forward`, {});
    expect(forward.status).toBe(409);
    expect(forward.body.code).toBe('CANNOT_GO_FORWARD');
    expect(ok(await h.api('GET', `/tabs/${tab}`))).toMatchObject({ can_go_back: false, can_go_forward: false });
  });

  // history.html: both cases once ran into the 10 s settle cap (no load event comes).
  it('back to a page restored from the back/forward cache settles on the restore', async () => {
    const tab = await h.openTab('/pages/history.html');
    await act(h, tab, 'navigate', { url: h.fixtures.url('/pages/text.html'), ...NO_SHOT });
    const back = await act(h, tab, 'back', NO_SHOT);
    expect(back.result).toEqual({ status: 'navigated_back' });
    expect(back.settle.reason).toBe('navigation_loaded');
    expect(await h.value(tab, 'location.pathname')).toBe('/pages/history.html');
    expect(await h.value(tab, 'window.pageshows.map((p) => p.persisted)')).toEqual([false, true]);
    expect(ok(await h.api('GET', `/tabs/${tab}`))).toMatchObject({ title: 'History Fixture', can_go_back: true, can_go_forward: true });
    const forward = await act(h, tab, 'forward', NO_SHOT);
    expect(forward.result).toEqual({ status: 'navigated_forward' });
    expect(forward.settle.reason).toBe('navigation_loaded');
    expect(await h.value(tab, 'location.pathname')).toBe('/pages/text.html');
    expect(forward.events.some((e: any) => e.type === 'navigation' && e.data.url.endsWith('/pages/text.html'))).toBe(true);
    const again = await h.api('POST', `/tabs/${tab}/forward`, {});
    expect(again.status).toBe(409);
  });

  it('back over a pushState entry settles without waiting for a load', async () => {
    const tab = await h.openTab('/pages/history.html');
    await act(h, tab, 'click', { x: 100, y: 100, ...NO_SHOT });
    await act(h, tab, 'click', { x: 100, y: 100, ...NO_SHOT });
    expect(await h.value(tab, 'location.search')).toBe('?step=2');
    const back = await act(h, tab, 'back', NO_SHOT);
    expect(back.settle.reason).not.toBe('cap');
    expect(await h.value(tab, "[location.search, document.getElementById('state').textContent, window.popstates]")).toEqual(['?step=1', 'step 1', 1]);
    const forward = await act(h, tab, 'forward', NO_SHOT);
    expect(forward.settle.reason).not.toBe('cap');
    expect(await h.value(tab, 'location.search')).toBe('?step=2');
    // Script-driven history moves settle the same way.
    const script = await act(h, tab, 'execute', { script: 'history.back()', ...NO_SHOT });
    expect(script.settle.reason).not.toBe('cap');
  });
});

describe('reload', () => {
  for (const ignoreCache of [false, true]) {
    it(`reloads the document (ignore_cache ${ignoreCache})`, async () => {
      const tab = await h.openTab('/pages/static.html');
      await h.value(tab, 'window.marker = 1');
      const hits = h.fixtures.hits('/pages/static.html');
      const env = await act(h, tab, 'reload', { ignore_cache: ignoreCache, ...NO_SHOT });
      expect(env.result).toEqual({ status: 'reloaded' });
      expect(env.settle.reason).toBe('navigation_loaded');
      expect(h.fixtures.hits('/pages/static.html')).toBe(hits + 1);
      expect(await h.value(tab, 'window.marker')).toBeUndefined();
      expect(await h.value(tab, "performance.getEntriesByType('navigation')[0].type")).toBe('reload');
    });
  }
});
