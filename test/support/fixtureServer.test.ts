import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startFixtureServer, type FixtureServer } from './fixtureServer.ts';
import { onePixelPng } from './fixtureContent.ts';

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await server.close();
});

describe('fixture server', () => {
  it('serves pages with content types and no-store', async () => {
    const res = await fetch(server.url('/pages/click.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('id="btn"');
    expect((await fetch(server.url('/pages/nope.html'))).status).toBe(404);
    expect((await fetch(server.url('/pages/..%2f..%2fpackage.json'))).status).toBe(404);
  });

  it('every page file is reachable', async () => {
    const dir = fileURLToPath(new URL('../pages/', import.meta.url));
    const names = (await readdir(dir)).filter((n) => n.endsWith('.html'));
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const name of names) {
      const res = await fetch(server.url(`/pages/${name}`));
      expect(res.status, name).toBe(200);
      expect(await res.text(), name).toMatch(/^<!doctype html>/i);
    }
  });

  it('delays by the requested time with the requested type', async () => {
    const started = Date.now();
    const res = await fetch(server.url('/delay/200/x.json?type=json'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const body = (await res.json()) as { ok: boolean; path: string; t: number };
    expect(body).toMatchObject({ ok: true, path: '/delay/200/x.json' });
    expect(res.headers.get('cache-control')).toBe('no-store');

    const png = await fetch(server.url('/delay/0/i.png?type=png'));
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).equals(onePixelPng)).toBe(true);

    const css = await fetch(server.url('/delay/0/s.css'));
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const js = await fetch(server.url('/delay/0/s?type=js'));
    expect(await js.text()).toContain('__delayedScriptRan');
    const html = await fetch(server.url('/delay/10/p?type=html'));
    expect(await html.text()).toContain('Delayed page 10');
    const text = await fetch(server.url('/delay/0/b.json?type=json&body=hello'));
    expect(await text.json()).toEqual({ text: 'hello' });
  });

  it('holds gated requests until released, then lets later ones through', async () => {
    const gate = server.gate('g1');
    let settled = false;
    const pending = fetch(server.url('/gate/g1')).then(async (r) => {
      settled = true;
      return r.json();
    });
    await waitUntil(() => gate.waiting() === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    gate.release();
    expect(await pending).toEqual({ released: true });
    expect(gate.waiting()).toBe(0);
    expect(await (await fetch(server.url('/gate/g1'))).json()).toEqual({ released: true });
  });

  it('counts hits per pathname', async () => {
    server.resetHits();
    expect(server.hits('/delay/0/a')).toBe(0);
    await fetch(server.url('/delay/0/a?x=1'));
    await fetch(server.url('/delay/0/a?x=2'));
    await fetch(server.url('/status/404'));
    expect(server.hits('/delay/0/a')).toBe(2);
    expect(server.hits('/status/404')).toBe(1);
    server.resetHits();
    expect(server.hits('/delay/0/a')).toBe(0);
  });

  it('echoes POST form fields and GET queries', async () => {
    const post = await fetch(server.url('/echo?from=test'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=alice',
    });
    const page = await post.text();
    expect(page).toContain('<h1 id="result">POST username=alice</h1>');
    expect(page).toContain('<p id="query">from=test</p>');
    const get = await (await fetch(server.url('/echo?q=a%20b'))).text();
    expect(get).toContain('<h1 id="result">GET q=a b</h1>');
    const form = new FormData();
    form.set('username', 'bob');
    form.set('file', new Blob(['hello']), 'hello.txt');
    const multi = await (await fetch(server.url('/echo'), { method: 'POST', body: form })).text();
    expect(multi).toContain('POST username=bob&amp;file=hello.txt');
  });

  it('answers downloads, statuses, auth and redirects', async () => {
    const dl = await fetch(server.url('/download/report.bin?size=100000'));
    expect(dl.headers.get('content-disposition')).toBe('attachment; filename="report.bin"');
    expect((await dl.arrayBuffer()).byteLength).toBe(100000);
    const status = await fetch(server.url('/status/503'));
    expect(status.status).toBe(503);
    expect(await status.text()).toContain('Status 503');
    const auth = await fetch(server.url('/auth'));
    expect(auth.status).toBe(401);
    expect(auth.headers.get('www-authenticate')).toBe('Basic realm="abpd-test"');
    const authed = await fetch(server.url('/auth'), { headers: { authorization: `Basic ${btoa('user:pass')}` } });
    expect(authed.status).toBe(200);
    const redirect = await fetch(server.url('/redirect?to=/pages/static.html'), { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/pages/static.html');
  });

  it('serves the same content on altOrigin', async () => {
    expect(server.altOrigin).toBe(server.origin.replace('127.0.0.1', 'localhost'));
    server.resetHits();
    const res = await fetch(`${server.altOrigin}/pages/frame.html`);
    expect(res.status).toBe(200);
    expect(server.hits('/pages/frame.html')).toBe(1);
  });
});

describe('fixture server close', () => {
  it('closes promptly with held, delayed and keep-alive requests', async () => {
    const own = await startFixtureServer();
    own.gate('never');
    const held = fetch(own.url('/gate/never')).then(
      (r) => r.text(),
      () => 'aborted',
    );
    const delayed = fetch(own.url('/delay/60000/x')).then(
      (r) => r.text(),
      () => 'aborted',
    );
    await fetch(own.url('/pages/static.html')).then((r) => r.text());
    await waitUntil(() => own.gate('never').waiting() === 1);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await Promise.all([held, delayed]);
    await own.close(); // idempotent
    await expect(fetch(own.url('/pages/static.html'))).rejects.toThrow();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitUntil: condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
