// End to end: the real `bin/abpd` as its own process, real HTTP (fetch), the ABP walkthrough as an
// agent runs it; then the two ways it ends (SIGTERM, POST /browser/shutdown) leave no Chromium of
// its session behind; and the CLI's --help, --version and bad options.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';
import { processesMentioning } from '../support/procfs.ts';
import { imageKind } from '../support/routeHelpers.ts';
import { REPO_ROOT, spawnDaemon, waitFor, type SpawnedDaemon } from '../support/spawnDaemon.ts';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
let fixtures: FixtureServer;
beforeAll(async () => { fixtures = await startFixtureServer(); });
afterAll(async () => { await fixtures?.close(); });

function runAbpd(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'abpd'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`abpd ${args.join(' ')} did not exit within 20 s`)); }, 20_000);
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** The daemon has exited with `code`, and nothing that mentions its session dir is still running. */
async function expectCleanExit(d: SpawnedDaemon, code: number): Promise<void> {
  const result = await Promise.race([d.exited, new Promise<null>((r) => setTimeout(() => r(null), 20_000))]);
  expect(result, `still running:\n${d.stderr()}`).not.toBeNull();
  expect(result!.code, d.stderr()).toBe(code);
  await waitFor(() => processesMentioning(d.sessionDir).length === 0, 5_000, `the processes of ${d.sessionDir} to exit`);
}

describe('ABP walkthrough over real HTTP', () => {
  let d: SpawnedDaemon;
  beforeAll(async () => { d = await spawnDaemon(); });
  afterAll(async () => { await d?.close(); });

  it('list, create, navigate, click, type, screenshot, text, execute, GET screenshot, close', async () => {
    const call = async (method: string, path: string, body?: unknown, status = 200) => {
      const r = await d.api(method, path, body);
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(status);
      return r.body;
    };
    const tabs = await call('GET', '/tabs');
    expect(tabs.length).toBeGreaterThanOrEqual(1);
    expect(tabs[0]).toMatchObject({ url: 'about:blank' });

    const page = fixtures.url('/pages/click.html');
    const created = await call('POST', '/tabs', { url: page }, 201);
    expect(created.url).toBe(page);
    const tab = created.id as string;

    const nav = await call('POST', `/tabs/${tab}/navigate`, { url: page });
    expect(nav.result).toMatchObject({ status: 'navigated', url: page });
    expect(nav.tab_id).toBe(tab);

    const click = await call('POST', `/tabs/${tab}/click`, { x: 100, y: 100 });
    expect(click.result).toEqual({ status: 'clicked' });
    await call('POST', `/tabs/${tab}/click`, { x: 150, y: 195 });
    const typed = await call('POST', `/tabs/${tab}/type`, { text: 'Hello ABP' });
    expect(typed.result).toEqual({ status: 'typed' });

    const shot = await call('POST', `/tabs/${tab}/screenshot`, { screenshot: { markup: 'interactive', format: 'webp' } });
    expect(shot.screenshot_after).toMatchObject({ width: 1280, height: 800, format: 'webp' });
    expect(imageKind(Buffer.from(shot.screenshot_after.data, 'base64'))).toBe('webp');

    const text = await call('POST', `/tabs/${tab}/text`, {});
    expect(text.text).toContain('Click me');

    const title = await call('POST', `/tabs/${tab}/execute`, { script: 'document.title' });
    expect(title.result.value).toBe('Click Input Fixture');
    const state = await call('POST', `/tabs/${tab}/execute`, { script: "[document.getElementById('click-count').textContent, document.getElementById('text').value]" });
    expect(state.result.value).toEqual(['1', 'Hello ABP']);

    const image = await fetch(`${d.base}/tabs/${tab}/screenshot?markup=interactive`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect(imageKind(Buffer.from(await image.arrayBuffer()))).toBe('webp');

    expect(await call('DELETE', `/tabs/${tab}`)).toEqual({ closed_tab_id: tab });
    expect((await call('GET', '/tabs')).map((t: { id: string }) => t.id)).not.toContain(tab);
    expect((await d.api('GET', `/tabs/${tab}`)).status).toBe(404);
  });

  it('SIGTERM: exits 0 and leaves no Chromium of its session dir', async () => {
    expect(processesMentioning(d.sessionDir).length).toBeGreaterThan(1); // the daemon and its Chromium
    d.proc.kill('SIGTERM');
    await expectCleanExit(d, 0);
  });
});

describe('POST /browser/shutdown', () => {
  it('answers, then the daemon closes Chromium and exits 0', async () => {
    const d = await spawnDaemon();
    try {
      const r = await d.api('POST', '/browser/shutdown', {});
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ success: true, message: expect.any(String) });
      await expectCleanExit(d, 0);
      await expect(fetch(`${d.base}/browser/status`)).rejects.toThrow();
    } finally {
      await d.close();
    }
  });
});

describe('CLI', () => {
  it('--version prints the package version', async () => {
    const r = await runAbpd(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toContain(pkg.version);
  });

  it('--help lists the commands, start --help its options; both exit 0', async () => {
    const r = await runAbpd(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage/i);
    expect(r.stdout).toMatch(/^\s+start\s/m);
    const start = await runAbpd(['start', '--help']);
    expect(start.code).toBe(0);
    for (const option of ['--port', '--session-dir', '--no-pause']) expect(start.stdout).toContain(option);
  });

  it('a bad option or value exits non-zero with a message naming it', async () => {
    const unknown = await runAbpd(['start', '--bogus-flag']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('--bogus-flag');
    const value = await runAbpd(['start', '--port', 'eighty']);
    expect(value.code).not.toBe(0);
    expect(value.stderr).toMatch(/--port/);
    expect(value.stderr).toContain('eighty');
  });
});
