// --auth-token: Bearer on every route, a minimal open health probe, `auto` writes a 0600 token file
// next to the session dir, and a non-loopback bind without a token is refused at start-up.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../daemon/config.ts';
import { createLogger } from '../../daemon/log.ts';
import { prepareSecurity } from '../../daemon/security/securityPlugin.ts';
import { bearerToken, readTokenFile, tokenFilePath, tokenMatches } from '../../daemon/security/token.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

const quiet = createLogger('quiet');

describe('--auth-token TOKEN', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ authToken: 's3cret-token' }); });
  afterAll(async () => { await h?.close(); });

  it('answers 401 without a token or with a wrong one, 200 with the right one', async () => {
    const none = await h.api('GET', '/tabs');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHORIZED');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    for (const auth of ['Bearer wrong', 'Bearer s3cret-toke', 'Bearer s3cret-token-and-more', 'Basic s3cret-token', 's3cret-token', 'Bearer']) {
      const r = await h.api('GET', '/tabs', undefined, { authorization: auth });
      expect(r.status, auth).toBe(401);
    }
    const ok = await h.api('GET', '/tabs', undefined, { authorization: 'Bearer s3cret-token' });
    expect(ok.status).toBe(200);
    expect((await h.api('GET', '/tabs', undefined, { authorization: 'bearer  s3cret-token' })).status).toBe(200);
  });

  it('refuses an action without the token before it runs', async () => {
    const auth = { authorization: 'Bearer s3cret-token' };
    const created = await h.api('POST', '/tabs', {}, auth);
    expect(created.status).toBe(201);
    const tab = created.body.id as string;
    const nav = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/click.html'), screenshot: { area: 'none' } }, auth);
    expect(nav.status).toBe(200);
    const refused = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100 }, { authorization: 'Bearer nope' });
    expect(refused.status).toBe(401);
    const clicks = await h.api('POST', `/tabs/${tab}/execute`, { script: 'window.clicks', screenshot: { area: 'none' } }, auth);
    expect(clicks.body.result.value).toBe(0);
  });

  it('keeps GET /browser/status open as a health probe that says only {ready}', async () => {
    const open = await h.api('GET', '/browser/status');
    expect(open.status).toBe(200);
    expect(open.body).toEqual({ success: true, data: { ready: true } });
    const wrong = await h.api('GET', '/browser/status', undefined, { authorization: 'Bearer nope' });
    expect(wrong.body).toEqual({ success: true, data: { ready: true } });
    const full = await h.api('GET', '/browser/status', undefined, { authorization: 'Bearer s3cret-token' });
    expect(full.body.data.state).toBe('ready');
    expect(full.body.data.components).toBeDefined();
    // Only that one route and method is open.
    expect((await h.api('GET', '/browser')).status).toBe(401);
    expect((await h.api('POST', '/browser/status', {})).status).toBe(401);
  });

  it('still checks Host and Origin before the token', async () => {
    const r = await h.api('GET', '/tabs', undefined, { authorization: 'Bearer s3cret-token', host: 'evil.example' });
    expect(r.status).toBe(403);
  });
});

describe('--auth-token auto', () => {
  let h: Harness;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'abpd-state-'));
    h = await startHarness({ authToken: 'auto', sessionDir: join(stateDir, 'session') });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('writes a fresh token to <session dir>/../token with mode 0600 and requires it', async () => {
    const file = join(stateDir, 'token');
    expect(tokenFilePath(join(stateDir, 'session'))).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readTokenFile(join(stateDir, 'session'))).toBe(token);
    expect(h.daemon.deps.config.authToken).toBe(token);
    expect((await h.api('GET', '/tabs')).status).toBe(401);
    expect((await h.api('GET', '/tabs', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await h.api('GET', '/tabs', undefined, { authorization: 'Bearer auto' })).status).toBe(401);
  });

  it('generates a different token each start', () => {
    const config = defaultConfig({ authToken: 'auto', sessionDir: join(stateDir, 'session') });
    const before = readFileSync(join(stateDir, 'token'), 'utf8').trim();
    prepareSecurity(config, quiet);
    const after = readFileSync(join(stateDir, 'token'), 'utf8').trim();
    expect(after).not.toBe(before);
    expect(config.authToken).toBe(after);
    expect(statSync(join(stateDir, 'token')).mode & 0o777).toBe(0o600);
  });
});

describe('start-up rules and helpers', () => {
  it('refuses a non-loopback bind without a token, naming the fix', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      expect(() => prepareSecurity(defaultConfig({ host }), quiet)).toThrow(/--auth-token/);
    }
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) {
      expect(() => prepareSecurity(defaultConfig({ host }), quiet)).not.toThrow();
    }
    expect(() => prepareSecurity(defaultConfig({ host: '0.0.0.0', authToken: 'x' }), quiet)).not.toThrow();
  });

  it('parses Bearer and compares tokens of any length without throwing', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
    expect(tokenMatches('x'.repeat(10_000), 'abc')).toBe(false);
  });
});
