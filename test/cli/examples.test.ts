// Every example runs with the one command examples/README.md gives (issue 23 item 3): the test reads
// the commands from that file and runs them as written (`abpd` = bin/abpd), from the repository root,
// with nothing else started. It also checks that every example file has its command there.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveSite } from '../../daemon/cli/script/serve.ts';
import { cleanEnv, freePort, jsonLines, ROOT, runCli } from './cliSupport.ts';

const tmp = mkdtempSync(join(tmpdir(), 'abpd-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const readme = readFileSync(join(ROOT, 'examples', 'README.md'), 'utf8');
const commands = [...readme.matchAll(/^abpd run (.+)$/gm)].map((m) => m[1]!.trim().split(/\s+/));

describe('examples/README.md', () => {
  it('names one command for every example script', () => {
    const scripts = readdirSync(join(ROOT, 'examples')).filter((n) => /\.(ya?ml|json)$/.test(n));
    expect(scripts.length).toBeGreaterThan(0);
    for (const name of scripts) expect(commands.some((c) => c[0] === `examples/${name}`), name).toBe(true);
  });

  for (const [i, args] of commands.entries()) {
    it(`abpd run ${args.join(' ')}: every step passes`, async () => {
      // A clean state dir and a port nobody listens on: the run starts its own daemon, as on a fresh machine.
      const env = cleanEnv({ XDG_STATE_HOME: join(tmp, `s${i}`), SHOTS: join(tmp, 'shots'), ABPD_PORT: String(await freePort()) });
      const r = await runCli(['run', ...args], { env, cwd: ROOT });
      expect(r.code, `${r.stderr}\n${r.stdout.slice(-1500)}`).toBe(0);
      const lines = jsonLines(r.stdout);
      const summary = lines.at(-1)!.summary;
      expect(summary.failed).toBe(0);
      expect(summary.passed).toBe(summary.steps);
      expect(r.stderr).toMatch(/serving examples\/site at http:\/\/127\.0\.0\.1:\d+/);
    }, 120_000);
  }
});

describe('--serve', () => {
  it('serves files under DIR only, and /echo answers a form', async () => {
    const site = await serveSite(join(ROOT, 'examples', 'site'));
    try {
      expect((await fetch(`${site.origin}/pages/form.html`)).status).toBe(200);
      expect((await fetch(`${site.origin}/../package.json`)).status).toBe(404);
      expect((await fetch(`${site.origin}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
      const r = await fetch(`${site.origin}/echo`, { method: 'POST', body: 'username=bob', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(await r.text()).toContain('<h1 id="result">POST username=bob</h1>');
    } finally { await site.close(); }
  });

  it('a DIR that does not exist: exit 1 naming it', async () => {
    const r = await runCli(['run', 'examples/form-submit.yaml', '--serve', 'no/such/dir', '--port', String(await freePort())]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--serve no/such/dir: ENOENT');
  });
});
