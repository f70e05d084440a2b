// `abpd run`: both examples against the fixture server (a daemon started in-process by the CLI),
// failing steps with and without --keep-going, --out, and the up-front script checks.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';
import { cleanEnv, freePort, jsonLines, runCli } from './cliSupport.ts';

// Each run launches Chromium in the CLI process: generous deadlines on a shared, noisy machine.
const SLOW = 120_000;

const tmp = mkdtempSync(join(tmpdir(), 'abpd-run-'));
let fixtures: FixtureServer;
let daemonArgs: string[];

beforeAll(async () => {
  fixtures = await startFixtureServer();
  // A port nothing listens on: run must start its own daemon, never borrow someone's on 8222.
  daemonArgs = ['--port', String(await freePort()), '--session-dir', join(tmp, 'session'), '--no-history'];
});
afterAll(async () => {
  await fixtures?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const magic = (file: string): string => readFileSync(file).subarray(0, 12).toString('latin1');

describe('the examples', () => {
  it('examples/form-submit.yaml: every step passes, images saved, --out has every envelope and frame', async () => {
    const shots = join(tmp, 'form-shots');
    const out = join(tmp, 'form-out');
    const r = await runCli(['run', 'examples/form-submit.yaml', ...daemonArgs, '--var', `BASE_URL=${fixtures.origin}`, '--var', `SHOTS=${shots}`, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('starting one for this script');
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => [l.name, l.ok])).toEqual([
      ['navigate', true], ['expect', true], ['clear-text', true], ['type', true], ['keyboard/press', true], ['expect', true], ['screenshot', true], [undefined, undefined],
    ]);
    expect(lines[5]!.actual.url).toBe(`${fixtures.origin}/echo`);
    // The envelope without image data: the frame is described, not included.
    expect(lines[4]!.screenshot_after).toMatchObject({ format: 'png', width: 1280, height: 800 });
    expect(lines[4]!.screenshot_after.data).toBeUndefined();
    expect(lines[4]!.screenshot_after.saved).toContain(join(shots, 'form-submitted.png'));
    expect(lines.at(-1)!.summary).toMatchObject({ steps: 7, passed: 7, failed: 0, skipped: 0 });
    expect(magic(join(shots, 'form-submitted.png'))).toContain('PNG');
    expect(magic(join(shots, 'form-result.webp'))).toContain('WEBP');
    const files = readdirSync(out);
    expect(files).toContain('001-navigate.json');
    expect(files).toContain('005-keyboard_press-after.png');
    expect(files).toContain('007-screenshot-before.webp');
    expect(files).toContain('summary.json');
    expect(JSON.parse(readFileSync(join(out, '006-expect.json'), 'utf8'))).toMatchObject({ ok: true, name: 'expect' });
  }, SLOW);

  it('examples/clicks-and-tabs.json: batch, a second tab and back', async () => {
    const shots = join(tmp, 'tab-shots');
    const r = await runCli(['run', 'examples/clicks-and-tabs.json', ...daemonArgs, '--var', `SHOTS=${shots}`], { env: cleanEnv({ BASE_URL: fixtures.origin }) });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines[1]).toMatchObject({ name: 'batch', ok: true, result: { actions_executed: 5 } });
    expect(lines[4]!.tab_id).not.toBe(lines[0]!.tab_id);          // new_tab
    expect(lines[7]!.tab_id).toBe(lines[0]!.tab_id);              // switch_tab back
    expect(lines[9]).toMatchObject({ name: 'execute', result: { value: 'HELLO' } });
    expect(lines.at(-1)!.summary).toMatchObject({ steps: 10, passed: 10 });
    expect(magic(join(shots, 'static-before.png'))).toContain('PNG');
    expect(readFileSync(join(shots, 'static-before.png')).equals(readFileSync(join(shots, 'static-after.png')))).toBe(false);
  }, SLOW);
});

describe('failing steps', () => {
  const script = join(tmp, 'failing.yaml');
  beforeAll(() => {
    writeFileSync(script, [
      'defaults: { screenshot: { area: none } }',
      'steps:',
      '  - navigate: { url: "${BASE_URL}/pages/static.html" }',
      '  - expect: { text: "no such text" }',
      '  - click: { x: 160, y: 120 }',
      '  - expect: { selector: "#status", text: clicked }',
      '',
    ].join('\n'));
  });

  it('stops at the first failing step: exit 1, the rest not run', async () => {
    const r = await runCli(['run', script, ...daemonArgs], { env: cleanEnv({ BASE_URL: fixtures.origin }) });
    expect(r.code).toBe(1);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatchObject({ step: 1, name: 'expect', ok: false });
    expect(lines[1]!.error).toContain('"no such text" is not in the page text');
    expect(lines[2]!.summary).toMatchObject({ steps: 4, passed: 1, failed: 1, skipped: 2 });
  }, SLOW);

  it('--keep-going runs the rest and still exits 1', async () => {
    const r = await runCli(['run', script, ...daemonArgs, '--keep-going'], { env: cleanEnv({ BASE_URL: fixtures.origin }) });
    expect(r.code).toBe(1);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.ok)).toEqual([true, false, true, true, undefined]);
    expect(lines[4]!.summary).toMatchObject({ passed: 3, failed: 1, skipped: 0 });
  }, SLOW);
});

describe('the script is checked before anything runs', () => {
  const cases: [string, string, string, RegExp[]][] = [
    ['bad.yaml', 'steps:\n  - navigate: { url: "${BASE_URL}/x" }\n  - clik: { x: 1, y: 2 }\n  - click: { x: "left" }\n  - { click: {}, type: {} }\n  - screenshot: { save: shot.gif }\n  - batch: [ { type: tap } ]\n  - expect: {}\n', '', [
      /steps\[0\]\.navigate\.url: \$\{BASE_URL\} is not set; pass --var BASE_URL=VALUE/,
      /steps\[1\]: unknown step "clik"; use one of .*click/,
      /steps\[2\]\.click: x: expected number, got string; y: required/,
      /steps\[3\]: a step is an object with one key/,
      /steps\[4\]\.screenshot\.save: a file name ending in \.png, \.webp, \.jpg or \.jpeg/,
      /steps\[5\]\.batch: actions\[0\]: unknown type "tap"/,
      /steps\[6\]\.expect: .*give at least one of text/,
    ]],
    ['broken.yaml', 'steps: [ { click: ', '', [/not valid YAML/]],
    ['broken.json', '{"steps": [', '', [/not valid JSON/]],
    ['empty.json', '{"steps": []}', '', [/steps: the script has no steps/]],
    ['typo.json', '{"step": []}', '', [/Unrecognized key.*step/]],
  ];
  for (const [name, text, , problems] of cases) {
    it(name, async () => {
      const file = join(tmp, name);
      writeFileSync(file, text);
      const r = await runCli(['run', file, '--port', '9', '--session-dir', join(tmp, 'never')], { env: cleanEnv({ BASE_URL: undefined }) });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('the script was not run');
      for (const p of problems) expect(r.stderr).toMatch(p);
      expect(existsSync(join(tmp, 'never'))).toBe(false); // no daemon was started
    });
  }
});
