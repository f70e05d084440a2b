// Start-up lines (issue 23 item 6): where the API, the viewer, MCP and the session dir are, printed
// only once Chromium is ready; a browser that cannot start is reported, with what was run and what to
// try, before any "listening" line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../daemon/config.ts';
import { startupLines } from '../../daemon/startupLines.ts';
import { spawnDaemon } from '../support/spawnDaemon.ts';
import { runCli } from './cliSupport.ts';

const tmp = mkdtempSync(join(tmpdir(), 'abpd-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('start-up lines', () => {
  it('after Chromium is ready: API base, viewer, MCP endpoint, session dir', async () => {
    const dir = join(tmp, 'session');
    const d = await spawnDaemon({ sessionDir: dir });
    try {
      const err = d.stderr();
      const base = `http://127.0.0.1:${d.port}`;
      const at = (text: string): number => { const i = err.indexOf(text); expect(i, `${text} in\n${err}`).toBeGreaterThanOrEqual(0); return i; };
      const ready = at('chromium ready:');
      const listening = at(`abpd listening on ${base}/api/v1`);
      expect(ready).toBeLessThan(listening);
      expect(at(`REST API:  ${base}/api/v1`)).toBeGreaterThan(listening);
      expect(at(`viewer:    ${base}/`)).toBeGreaterThan(listening);
      expect(at(`MCP:       ${base}/mcp`)).toBeGreaterThan(listening);
      expect(at(`session:   ${dir}`)).toBeGreaterThan(listening);
    } finally { await d.close(); }
  });

  it('with a token: the viewer link carries it on a terminal, and says where it is otherwise', () => {
    const config = defaultConfig({ authToken: 'a b/c', sessionDir: join(tmp, 'x', 'session') });
    expect(startupLines(config, 8222, true)[2]).toBe('  viewer:    http://127.0.0.1:8222/?token=a%20b%2Fc');
    expect(startupLines(config, 8222, false)[2]).toMatch(/\/\?token=TOKEN \(TOKEN: the --auth-token value; open it once/);
  });
});

describe('a browser that does not start', () => {
  it('--chrome /bin/true: exit 1, what was run and what to try, no listening line', async () => {
    const r = await runCli(['start', '--port', '0', '--session-dir', join(tmp, 'bad'), '--no-history', '--chrome', '/bin/true'], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Chromium did not start: ');
    expect(r.stderr).toContain('  ran: /bin/true --remote-debugging-pipe ');
    expect(r.stderr).toContain('  try: check that it is Chrome or Chromium: /bin/true --version');
    expect(r.stderr).toContain('--chrome PATH');
    expect(r.stderr).not.toMatch(/listening|REST API/);
  });

  it('a session dir too long for Chromium\'s socket: what Chromium said, and a shorter --session-dir', async () => {
    const long = join(tmp, 'a-session-directory-whose-path-is-long', 'enough-for-chromium-to-refuse-it');
    const r = await runCli(['start', '--port', '0', '--session-dir', long, '--no-history'], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/it said: .*Socket path too long/);
    expect(r.stderr).toContain('try: a shorter --session-dir');
    expect(r.stderr).not.toMatch(/listening/);
  });
});
