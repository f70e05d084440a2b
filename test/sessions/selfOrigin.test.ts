// issue 27 item 1(b): abpd's own Chromium never loads abpd's own origin. The attack chain of item 1
// (a hostile page gets the agent to open a page served from the daemon's origin — directly or
// through a 302 — whose script then calls fetch('/api/v1/...') same-origin) is stopped by this layer
// alone: here the "daemon's origin" is a fixture server that serves the hostile page as active
// content (as a download's bytes once were), and the page never loads, in the default session and
// in others. --allow-self-view lets the viewer pages through, never /api/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
let attacker: FixtureServer;
let self: string; // the daemon's origin, as far as the daemon's browser is concerned
beforeAll(async () => {
  h = await startHarness();
  attacker = await startFixtureServer();
  // The daemon listens on the fixture server's port: its pages stand for what the daemon serves.
  h.daemon.host.listenPort = Number(new URL(h.fixtures.origin).port);
  self = h.fixtures.origin;
}, 60_000);
afterAll(async () => { await attacker?.close(); await h?.close(); });

const hostile = (): string => `${self}/api/v1/downloads/dl_2/content`;

describe('the daemon never loads its own origin', () => {
  it('navigate to it: 403 in the default session; nothing requested', async () => {
    const tab = await h.openTab();
    h.fixtures.resetHits();
    const r = await h.api('POST', `/tabs/${tab}/navigate`, { url: hostile() });
    expect(r.status).toBe(403);
    expect(r.body.data).toMatchObject({ rpc_code: -32003, reason: 'self_origin' });
    const viaLocalhost = await h.api('POST', `/tabs/${tab}/navigate`, { url: hostile().replace('127.0.0.1', 'localhost') });
    expect(viaLocalhost.status).toBe(403);
    expect(h.fixtures.hits('/api/v1/downloads/dl_2/content')).toBe(0);
    await h.api('DELETE', `/tabs/${tab}`);
  }, 30_000);

  it('the attack chain: a 302 from a hostile page to the daemon origin is refused on the wire', async () => {
    for (const sessionBody of [null, {}]) {
      let tab: string;
      let sessionId = 'default';
      if (sessionBody) {
        const s = await h.api('POST', '/sessions', sessionBody);
        tab = s.body.tab_id; sessionId = s.body.session_id;
      } else {
        tab = await h.openTab();
      }
      h.fixtures.resetHits();
      attacker.resetHits();
      // The hostile site redirects (Sec-Fetch-Site: none on the hop, so Host/Origin checks would pass).
      const bounce = `${attacker.origin}/redirect?to=${encodeURIComponent(hostile())}`;
      const r = await h.api('POST', `/tabs/${tab}/navigate`, { url: bounce, screenshot: { area: 'none' } });
      expect(attacker.hits('/redirect')).toBe(1);
      expect(h.fixtures.hits('/api/v1/downloads/dl_2/content'), 'the daemon-origin page was requested').toBe(0);
      expect(r.body.events.some((e: any) => e.type === 'navigation_blocked' && e.data.url === hostile()), JSON.stringify(r.body.events)).toBe(true);
      const url = await h.value<string>(tab, 'location.href');
      expect(url.startsWith(self)).toBe(false);
      const log = await h.api('GET', `/sessions/${sessionId}/events?types=navigation_blocked`);
      expect(log.body.events.at(-1).data).toMatchObject({ url: hostile(), reason: "abpd's own origin" });
      // And a link on a hostile page that points there.
      await h.api('POST', `/tabs/${tab}/navigate`, { url: `${attacker.origin}/pages/session-links.html?to=${encodeURIComponent(hostile())}`, screenshot: { area: 'none' } });
      await h.api('POST', `/tabs/${tab}/click`, { x: 120, y: 60, screenshot: { area: 'none' } });
      expect(h.fixtures.hits('/api/v1/downloads/dl_2/content')).toBe(0);
      if (sessionBody) await h.api('DELETE', `/sessions/${sessionId}`); else await h.api('DELETE', `/tabs/${tab}`);
    }
  }, 60_000);

  it('--allow-self-view lets the viewer pages through, never /api/', async () => {
    h.daemon.host.config.allowSelfView = true;
    try {
      const tab = await h.openTab();
      h.fixtures.resetHits();
      const viewer = await h.api('POST', `/tabs/${tab}/navigate`, { url: `${self}/pages/static.html`, screenshot: { area: 'none' } });
      expect(viewer.status).toBe(200);
      expect(h.fixtures.hits('/pages/static.html')).toBe(1);
      const api = await h.api('POST', `/tabs/${tab}/navigate`, { url: hostile() });
      expect(api.status).toBe(403);
      await h.api('DELETE', `/tabs/${tab}`);
    } finally {
      h.daemon.host.config.allowSelfView = false;
    }
  }, 30_000);
});
