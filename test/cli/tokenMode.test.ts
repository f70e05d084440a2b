// Token mode made usable (issue 23 item 5): `abpd status`/`stop` find a daemon by its session dir
// (--session-dir or ABPD_SESSION_DIR: the port from its lock, the token from the file `auto` wrote),
// and the viewer is opened once with /?token=… → an HttpOnly, SameSite=Strict cookie that opens the
// viewer's reads only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnDaemon, type SpawnedDaemon } from '../support/spawnDaemon.ts';
import { cleanEnv, runCli } from './cliSupport.ts';

const tmp = mkdtempSync(join(tmpdir(), 'abpd-tokenmode-'));
const dir = join(tmp, 'state', 'session');
let d: SpawnedDaemon;
let token: string;
let origin: string;

beforeAll(async () => {
  d = await spawnDaemon({ sessionDir: dir, args: ['--auth-token', 'auto'] });
  token = readFileSync(join(tmp, 'state', 'token'), 'utf8').trim();
  origin = `http://127.0.0.1:${d.port}`;
}, 120_000);
afterAll(async () => {
  await d?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> =>
  fetch(origin + path, { method, headers, redirect: 'manual', signal: AbortSignal.timeout(30_000) });

describe('abpd status / stop by session dir', () => {
  it('status --session-dir D (no --port, no token given): ready, exit 0', async () => {
    const r = await runCli(['status', '--session-dir', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    // The full answer, not the minimal {ready} of a caller without the token: the token file was sent.
    expect(body.data).toMatchObject({ ready: true, state: 'ready' });
    expect(Object.keys(body.data).length).toBeGreaterThan(1);
  });

  it('ABPD_SESSION_DIR=D abpd status: the same', async () => {
    const r = await runCli(['status'], { env: cleanEnv({ ABPD_SESSION_DIR: dir }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ready: abpd at http://127.0.0.1:${d.port}`);
  });
});

describe('the viewer with a token', () => {
  let cookie = '';

  it('without the token: 401 saying to open /?token=', async () => {
    const r = await get('/');
    expect(r.status).toBe(401);
    expect((await r.json() as { error: string }).error).toContain('/?token=');
    expect((await get('/?token=wrong')).status).toBe(401);
  });

  it('/?token=TOKEN: 303 to / with an HttpOnly, SameSite=Strict cookie that is not the token', async () => {
    const r = await get(`/?token=${encodeURIComponent(token)}`);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/');
    const set = r.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/^abpd_viewer=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(set).not.toContain(token);
    cookie = set.split(';')[0]!;
  });

  it('the cookie opens the viewer page and the reads it makes', async () => {
    const page = await get('/', { cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await get('/api/v1/tabs', { cookie })).status).toBe(200);
    expect((await get('/api/v1/history/sessions', { cookie })).status).not.toBe(401);
    expect((await get('/api/v1/sessions?status=paused_hitl', { cookie })).status).not.toBe(401); // the approvals box
    // A person's approve/deny in the viewer passes the token check (no such approval here: not 401).
    expect((await get('/api/v1/sessions/s_x/approvals/ap_x/approve', { cookie, 'content-type': 'application/json' }, 'POST')).status).not.toBe(401);
  });

  it('…and nothing else: actions, tab commands and the full status still need the bearer token', async () => {
    expect((await get('/api/v1/tabs', { cookie, 'content-type': 'application/json' }, 'POST')).status).toBe(401);
    expect((await get('/api/v1/browser/shutdown', { cookie, 'content-type': 'application/json' }, 'POST')).status).toBe(401);
    expect((await get('/api/v1/sessions', { cookie, 'content-type': 'application/json' }, 'POST')).status).toBe(401);
    const status = await (await get('/api/v1/browser/status', { cookie })).json() as { data: Record<string, unknown> };
    expect(Object.keys(status.data)).toEqual(['ready']);
    expect((await get('/api/v1/tabs', { cookie: 'abpd_viewer=forged' })).status).toBe(401);
  });

  it('abpd stop --session-dir D: stopped, exit 0', async () => {
    const r = await runCli(['stop', '--session-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`stopped abpd at http://127.0.0.1:${d.port}`);
  });
});
