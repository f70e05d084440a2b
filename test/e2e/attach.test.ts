// --connect: abpd drives a Chrome that someone else started (found through its DevTools HTTP
// address), in a browser context of its own, and leaves that browser running when it stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let chrome: ChildProcess;
let profile: string;
let devtoolsHttp: string;

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'abpd-attach-'));
  // detached: its own process group, so the cleanup reaches its renderers and GPU process too.
  chrome = spawn('/usr/bin/chromium', ['--headless=new', '--no-sandbox', '--remote-debugging-port=0', `--user-data-dir=${profile}`,
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', 'about:blank'],
  { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  devtoolsHttp = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Chromium printed no DevTools address')), 20_000);
    let text = '';
    chrome.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /DevTools listening on ws:\/\/([\d.]+:\d+)\//.exec(text);
      if (m) { clearTimeout(timer); resolve(`http://${m[1]}`); }
    });
  });
});

afterAll(async () => {
  if (chrome?.pid && chrome.exitCode === null && chrome.signalCode === null) {
    const exited = new Promise((resolve) => chrome.once('exit', resolve));
    try { process.kill(-chrome.pid, 'SIGKILL'); } catch { chrome.kill('SIGKILL'); }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
  // Children still closing files can refill the profile for a moment (seen: ENOTEMPTY): retry.
  rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

it('attaches, drives a tab, and leaves the browser running when it stops', async () => {
  const h: Harness = await startHarness({ connect: devtoolsHttp });
  try {
    const tab = await h.openTab('/pages/static.html');
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 160, y: 120 });
    expect(r.status).toBe(200);
    expect(await h.value(tab, "document.getElementById('status').textContent")).toBe('clicked');
  } finally {
    await h.close();
  }
  expect(chrome.exitCode).toBeNull();
  const version = await fetch(`${devtoolsHttp}/json/version`).then((res) => res.json() as Promise<{ Browser: string }>);
  expect(version.Browser).toMatch(/Chrom/);
});

it('a bad address is a clear start-up error', async () => {
  await expect(startHarness({ connect: 'http://127.0.0.1:1' })).rejects.toThrow(/Could not attach to http:\/\/127\.0\.0\.1:1/);
});
