// The viewer driven in real Chromium: a listening daemon opens its own viewer (GET /) in a second
// tab; the page shows a recorded action with both screenshots and picks up a new action live.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../daemon/config.ts';
import { startDaemon, type Daemon } from '../../daemon/daemon.ts';
import { createLogger } from '../../daemon/log.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';

let daemon: Daemon;
let fixtures: FixtureServer;
let sessionDir: string;
let base: string;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${base}/api/v1${path}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  const json = await r.json() as any;
  if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** Evaluates in the viewer tab (an execute action: the page's own state, read without markup). */
async function inViewer<T>(tab: string, script: string): Promise<T> {
  const r = await api('POST', `/tabs/${tab}/execute`, { script, screenshot: { area: 'none' } });
  return r.result.value as T;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`viewer never showed ${what}; last state: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 300));
    last = await read();
  }
  return last;
}

const cardState = (id: string) => `(() => {
  const card = document.querySelector('[data-action-id="${id}"]');
  if (!card) return null;
  return {
    type: card.querySelector('.type').textContent,
    images: [...card.querySelectorAll('.shots img')].map((i) => ({ which: i.dataset.which, width: i.naturalWidth })),
    events: [...card.querySelectorAll('.events li strong')].map((e) => e.textContent),
    first: document.querySelector('#timeline .action') === card,
  };
})()`;

beforeAll(async () => {
  sessionDir = mkdtempSync(join(tmpdir(), 'abpd-viewer-'));
  fixtures = await startFixtureServer();
  // No execution control: the viewer tab must keep polling between the test's actions.
  const config = defaultConfig({ sessionDir, port: 0, logLevel: 'quiet', history: true, pause: false, allowSelfView: true });
  // allowSelfView: this test opens the viewer in abpd's own browser, which is refused by default (issue 27 1b).
  daemon = await startDaemon(config, { listen: true, log: createLogger('quiet') });
  base = `http://127.0.0.1:${daemon.port}`;
});
afterAll(async () => {
  await daemon?.stop('test finished');
  await fixtures?.close();
  rmSync(sessionDir, { recursive: true, force: true });
});

describe('viewer', () => {
  it('serves one self-contained page at / and /ui', async () => {
    for (const path of ['/', '/ui']) {
      const r = await fetch(base + path);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/text\/html/);
      expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await r.text();
      expect(html).toContain('id="timeline"');
      expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/i); // no network assets
    }
  });

  it('shows a recorded action with its screenshots and events, then a new action live', async () => {
    const page = await api('POST', '/tabs', {});
    const nav = await api('POST', `/tabs/${page.id}/navigate`, { url: fixtures.url('/pages/static.html') });
    const click = await api('POST', `/tabs/${page.id}/click`, { x: 160, y: 120 });
    expect(click.screenshot_before && click.screenshot_after, 'the click must carry both frames').toBeTruthy();

    const viewer = (await api('POST', '/tabs', {})).id as string;
    await api('POST', `/tabs/${viewer}/navigate`, { url: `${base}/?tab=${page.id}`, screenshot: { area: 'none' } });

    const shown = await until(`click ${click.action_id} with both images loaded`, () => inViewer<any>(viewer, cardState(click.action_id)),
      (s) => s !== null && s.images.length === 2 && s.images.every((i: any) => i.width === 1280));
    expect(shown.type).toBe('click');
    expect(shown.images.map((i: any) => i.which)).toEqual(['before', 'after']);
    expect(shown.first).toBe(true);
    const navCard = await until('the navigate card with its navigation event', () => inViewer<any>(viewer, cardState(nav.action_id)),
      (s) => s !== null && s.events.includes('navigation'));
    expect(navCard.first).toBe(false);
    // Filtered to the page's tab: the viewer's own execute actions are not in the timeline.
    const cards = await inViewer<string[]>(viewer, `[...document.querySelectorAll('#timeline .action .type')].map((e) => e.textContent)`);
    expect(cards).not.toContain('execute');
    const tabs = await inViewer<string[]>(viewer, `[...document.querySelectorAll('#tabs li')].map((li) => li.dataset.tabId)`);
    expect(tabs).toEqual(expect.arrayContaining([page.id, viewer]));

    const next = await api('POST', `/tabs/${page.id}/move`, { x: 20, y: 20 });
    const live = await until(`the new move ${next.action_id} at the top`, () => inViewer<any>(viewer, cardState(next.action_id)),
      (s) => s !== null && s.first && s.images.every((i: any) => i.width === 1280));
    expect(live.type).toBe('move');
    const status = await inViewer<string>(viewer, `document.getElementById('status').textContent`);
    expect(status).toMatch(/^live/);
  });

  it('the export link points at this session', async () => {
    const current = (await api('GET', '/history/sessions/current')).data.id as string;
    const viewer = (await api('POST', '/tabs', {})).id as string;
    await api('POST', `/tabs/${viewer}/navigate`, { url: `${base}/ui`, screenshot: { area: 'none' } });
    const href = await until('the export link', () => inViewer<string>(viewer, `document.getElementById('export').getAttribute('href')`),
      (v) => typeof v === 'string' && v.includes(current));
    const exported = await api('GET', href.replace(/^\/api\/v1/, ''));
    expect(exported.data.session.id).toBe(current);
    expect(exported.data.export_complete).toBe(true);
  });
});
