// CLI errors a newcomer meets first (issue 23 item 7): each names what is wrong and what to do, with
// the exit status the docs promise (2 for a bad option or value, 1 for a start that cannot happen).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runCli } from './cliSupport.ts';

const tmp = mkdtempSync(join(tmpdir(), 'abpd-errors-'));
let blocker: Server;
let taken: number;

beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  taken = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => blocker.close(r));
  rmSync(tmp, { recursive: true, force: true });
});

describe('abpd start', () => {
  it('a port in use: exit 1, the port named, --port suggested, no listening line', async () => {
    const r = await runCli(['start', '--port', String(taken), '--session-dir', join(tmp, 's1'), '--no-history'], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`port ${taken} is already in use`);
    expect(r.stderr).toContain('--port N, or --port 0');
    expect(r.stderr).not.toMatch(/listening/);
  });

  it('an out-of-range port: the option error, exit 2', async () => {
    const r = await runCli(['start', '--port', '70000'], { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port: 70000 is not a port; use 1..65535 (or 0 for a free one)');
    const env = await runCli(['status'], { timeoutMs: 30_000, env: { ...process.env, ABPD_PORT: '99999' } });
    expect(env.code).toBe(2);
  });

  it('an unusable --session-dir (under /proc): an error naming it, never a hang', async () => {
    // The deadline is runCli's: a hang fails the test; how fast it answers is not asserted.
    const r = await runCli(['start', '--port', '0', '--session-dir', '/proc/abpd-cannot-be-here/session'], { timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--session-dir /proc/abpd-cannot-be-here/session: cannot create it');
    expect(r.stderr).not.toMatch(/listening/);
  });

  it('an unknown option gets a did-you-mean (exit 2); so does an unknown command', async () => {
    const r = await runCli(['start', '--prot', '1'], { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --prot for abpd start (did you mean --port?); see abpd start --help');
    const s = await runCli(['status', '--jsn'], { timeoutMs: 30_000 });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('unknown option --jsn for abpd status (did you mean --json?)');
    const c = await runCli(['strat'], { timeoutMs: 30_000 });
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('unknown command "strat" (did you mean "abpd start"?)');
  });
});

describe('abpd run without a script', () => {
  it('suggests a script that exists here (exit 2)', async () => {
    const dir = join(tmp, 'here');
    mkdirSync(dir);
    writeFileSync(join(dir, 'mine.yaml'), 'steps:\n  - navigate: { url: "about:blank" }\n');
    writeFileSync(join(dir, 'package.json'), '{"name": "not a script"}');
    const r = await runCli(['run', '--port', String(await freePort())], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('which script? e.g. abpd run mine.yaml;');
  });

  it('from an empty directory: abpd\'s own examples, by a path that exists', async () => {
    const dir = join(tmp, 'empty');
    mkdirSync(dir);
    const r = await runCli(['run'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    const path = /e\.g\. abpd run (\S+?);?\s/.exec(r.stderr)?.[1];
    expect(path, r.stderr).toMatch(/examples\/.+\.(ya?ml|json)$/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(path!)).toBe(true);
  });
});
