// The README's "Getting started" as a newcomer runs it (issue 23 item 9): the curl walkthrough block,
// as written, twice in a row in a clean HOME (only the two ports are swapped for free ones, and
// `abpd` is bin/abpd on PATH, as `npm install -g .` makes it); the Python and TypeScript clients
// (the README shows exactly the files that are run); the MCP host snippets are valid JSON.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveSite } from '../../daemon/cli/script/serve.ts';
import { freePort } from '../cli/cliSupport.ts';
import { REPO_ROOT, spawnDaemon } from '../support/spawnDaemon.ts';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'abpd-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function block(name: string): string {
  const m = new RegExp(`<!-- ${name}:start -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\n<!-- ${name}:end -->`).exec(README);
  if (!m) throw new Error(`README.md has no ${name} block`);
  return m[1]!;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

describe('README: a first session with curl', () => {
  it('runs as written, twice, in a clean HOME', async () => {
    const home = join(tmp, 'home');
    const bin = join(home, 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(join(REPO_ROOT, 'bin', 'abpd'), join(bin, 'abpd'));
    const [port, site] = [await freePort(), await freePort()];
    const script = block('walkthrough').replace('export PORT=8222', `export PORT=${port}`).replaceAll('8000', String(site));
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: home, LANG: 'C.UTF-8' };
    for (const round of [1, 2]) {
      const r = await run('bash', ['-e', '-c', script], env);
      expect(r.code, `round ${round}:\n${r.out.slice(-3000)}`).toBe(0);
      expect(r.out).toContain('{"text":"POST username=bob"}');
      expect(r.out).toMatch(/"result":\{"type":"string","value":"Echo"\}/);
      expect(r.out).toContain(`stopped abpd at http://127.0.0.1:${port}`);
    }
  }, 300_000);
});

describe('README: Python and TypeScript clients', () => {
  it('the README shows exactly examples/clients/client.py and client.ts', () => {
    expect(block('client-py')).toBe(readFileSync(join(REPO_ROOT, 'examples', 'clients', 'client.py'), 'utf8'));
    expect(block('client-ts')).toBe(readFileSync(join(REPO_ROOT, 'examples', 'clients', 'client.ts'), 'utf8'));
  });

  it('both fill in the form and read the answer', async () => {
    const d = await spawnDaemon();
    const site = await serveSite(join(REPO_ROOT, 'examples', 'site'));
    try {
      const env = { ...process.env, PORT: String(d.port), SITE: site.origin };
      const hasPython = !spawnSync('python3', ['--version']).error;
      if (hasPython) {
        const py = await run('python3', ['examples/clients/client.py'], env);
        expect(py.code, py.out).toBe(0);
        expect(py.out).toContain('POST username=bob');
      }
      const ts = await run(process.execPath, ['--import', 'tsx', 'examples/clients/client.ts'], env);
      expect(ts.code, ts.out).toBe(0);
      expect(ts.out).toContain('POST username=bob');
    } finally { await site.close(); await d.close(); }
  }, 180_000);
});

describe('README: MCP host snippets', () => {
  it('every JSON snippet of the MCP host section parses and runs `abpd mcp`', () => {
    const section = README.slice(README.indexOf('### From an MCP host'), README.indexOf('### Running a second daemon'));
    const snippets = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!));
    expect(snippets).toHaveLength(3);
    for (const s of snippets) {
      const server = (s.mcpServers ?? s.servers).abpd;
      expect(server).toMatchObject({ command: 'abpd', args: ['mcp'] });
    }
    expect(section).toContain('claude mcp add abpd -- abpd mcp');
  });
});
