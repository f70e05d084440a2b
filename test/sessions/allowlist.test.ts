// domain_allowlist on the wire (sessions.md §3, §7): 127.0.0.1 and localhost are different hosts of
// the same fixture server. With ["127.0.0.1"] a link click, a 302 hop, window.open, a cross-host
// iframe, a form post and a meta refresh to localhost never reach the server (BlockedByClient, a
// navigation_blocked event); navigate answers 403 DOMAIN_RESTRICTED; `*.` matches sub-domains and
// the bare domain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
let sessionId: string;
let tab: string;
beforeAll(async () => {
  h = await startHarness();
  const r = await h.api('POST', '/sessions', { policies: { domain_allowlist: ['127.0.0.1'] } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  sessionId = r.body.session_id;
  tab = r.body.tab_id;
}, 60_000);
afterAll(async () => { await h?.close(); });

const target = (path: string): string => `${h.fixtures.altOrigin}${path}`;

async function openLinks(to: string): Promise<void> {
  const r = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url(`/pages/session-links.html?to=${encodeURIComponent(to)}`), screenshot: { area: 'none' } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

async function click(x: number, y: number): Promise<any> {
  const r = await h.api('POST', `/tabs/${tab}/click`, { x, y, screenshot: { area: 'none' } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function blockedInLog(url: string): Promise<any[]> {
  const log = await h.api('GET', `/sessions/${sessionId}/events?types=navigation_blocked`);
  return log.body.events.filter((e: any) => e.data.url === url);
}

describe('domain_allowlist', () => {
  it('navigate outside the list → 403 DOMAIN_RESTRICTED with rpc_code, and an entry in the log', async () => {
    const r = await h.api('POST', `/tabs/${tab}/navigate`, { url: target('/pages/static.html') });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('DOMAIN_RESTRICTED');
    expect(r.body.data.rpc_code).toBe(-32003);
    const log = await h.api('GET', `/sessions/${sessionId}/events?types=policy_refused`);
    expect(log.body.events.at(-1).data).toMatchObject({ policy: 'domain_allowlist', code: 'DOMAIN_RESTRICTED' });
  }, 30_000);

  it('blocks a link click, a 302 hop, window.open, an iframe, a form post and a meta refresh', async () => {
    const cases: [string, number, string][] = [
      ['/pages/text.html', 120, 'main'], ['/pages/marks.html', 320, 'main'], ['/pages/click.html', 520, 'subframe'],
      ['/echo', 720, 'main'], ['/pages/scroll.html', 920, 'main'],
    ];
    for (const [path, x, frame] of cases) {
      const url = target(path);
      await openLinks(url);
      h.fixtures.resetHits();
      const envelope = await click(x, 60);
      expect(h.fixtures.hits(path), `${path} reached the server`).toBe(0);
      const logged = await blockedInLog(url);
      expect(logged.length, `${path}: navigation_blocked logged once`).toBe(1);
      expect(logged.at(-1).data.frame).toBe(frame);
      const inEnvelope = [...envelope.events].some((e: any) => e.type === 'navigation_blocked' && e.data.url === url);
      expect(inEnvelope, `${path}: ${JSON.stringify(envelope.events.map((e: any) => e.type))}`).toBe(true);
      // The session goes on: its tab answers.
      expect(await h.value(envelope.tab_id, '1 + 1')).toBe(2);
      if (envelope.tab_changed) await h.api('DELETE', `/tabs/${envelope.tab_id}`);
    }
  }, 120_000);

  it('blocks a redirect hop to another host', async () => {
    const url = target('/pages/static.html');
    h.fixtures.resetHits();
    const r = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url(`/redirect?to=${encodeURIComponent(url)}`), screenshot: { area: 'none' } });
    expect(h.fixtures.hits('/redirect')).toBe(1);
    expect(h.fixtures.hits('/pages/static.html')).toBe(0);
    expect(r.body.events.some((e: any) => e.type === 'navigation_blocked' && e.data.url === url), JSON.stringify(r.body)).toBe(true);
  }, 30_000);

  it('`*.` matches sub-domains and the bare domain', async () => {
    const p = await h.api('PATCH', `/sessions/${sessionId}`, { policies: { domain_allowlist: ['127.0.0.1', '*.localhost'] } });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    for (const origin of [h.fixtures.altOrigin, h.fixtures.altOrigin.replace('localhost', 'sub.localhost')]) {
      await openLinks(`${origin}/pages/text.html`);
      h.fixtures.resetHits();
      await click(120, 60);
      expect(h.fixtures.hits('/pages/text.html'), origin).toBe(1);
    }
    const strict = await h.api('PATCH', `/sessions/${sessionId}`, { policies: { domain_allowlist: ['sub.localhost'] } });
    expect(strict.body.policies.domain_allowlist).toEqual(['sub.localhost']);
    const r = await h.api('POST', `/tabs/${tab}/navigate`, { url: target('/pages/static.html') });
    expect(r.status).toBe(403);
  }, 60_000);

  it('allowed_urls: full-URL wildcards, same enforcement', async () => {
    const s = await h.api('POST', '/sessions', { policies: { allowed_urls: [`${h.fixtures.origin}/pages/*`] } });
    expect(s.status).toBe(201);
    const ok = await h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url('/pages/static.html'), screenshot: { area: 'none' } });
    expect(ok.status).toBe(200);
    const no = await h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url('/echo') });
    expect(no.status).toBe(403);
    expect(no.body.error).toContain('allowed_urls');
    await h.api('DELETE', `/sessions/${s.body.session_id}`);
  }, 30_000);

  it('block_subresources_outside_allowlist: fetch and script requests to other hosts fail, counted in request_blocked', async () => {
    const probe = (to: string) => `fetch(${JSON.stringify(to)}).then(() => 'reached', (e) => 'failed')`;
    for (const block of [false, true]) {
      const s = await h.api('POST', '/sessions', { policies: { domain_allowlist: ['127.0.0.1'], block_subresources_outside_allowlist: block } });
      const t = s.body.tab_id;
      await h.api('POST', `/tabs/${t}/navigate`, { url: h.fixtures.url('/pages/static.html'), screenshot: { area: 'none' } });
      h.fixtures.resetHits();
      await h.value(t, probe(target('/echo?sub')));
      expect(h.fixtures.hits('/echo'), `block ${block}`).toBe(block ? 0 : 1);
      expect(await h.value(t, probe(h.fixtures.url('/pages/text.html')))).toBe('reached');
      if (block) {
        const r = await h.api('POST', `/tabs/${t}/execute`, { script: `new Promise((ok) => { const sc = document.createElement('script'); sc.src = ${JSON.stringify(target('/pages/script.js'))}; sc.onerror = () => ok('error'); sc.onload = () => ok('load'); document.head.append(sc); })`, screenshot: { area: 'none' } });
        expect(r.body.result.value).toBe('error');
        const log = await h.api('GET', `/sessions/${s.body.session_id}/events?types=request_blocked`);
        expect(log.body.events.map((e: any) => e.data.resource_type)).toEqual(['XHR', 'Script']); // Chromium's name for fetch()
        expect(log.body.events.at(-1).data.blocked_count).toBe(2);
      }
      await h.api('DELETE', `/sessions/${s.body.session_id}`);
    }
  }, 60_000);
});
