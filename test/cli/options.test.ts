// The command table: option parsing (ABPD_* vs flags, bad values), --help per command, --version,
// and docs/cli.md generated from the same rows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../daemon/cli/main.ts';
import { cliReference } from '../../daemon/cli/help.ts';
import { bindOptions, parseCommandLine, START_OPTIONS, UsageError } from '../../daemon/cli/options.ts';
import { defaultConfig } from '../../daemon/config.ts';
import { ABPD_VERSION } from '../../daemon/routes/browserRoutes.ts';
import { cleanEnv, ROOT, runCli } from './cliSupport.ts';

function parse(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const config = defaultConfig();
  const r = parseCommandLine(bindOptions(START_OPTIONS, config), argv, env, 'abpd start');
  return { config, ...r };
}

describe('option parsing', () => {
  it('ABPD_* variables apply, flags win over them', () => {
    const { config } = parse(['--port', '9001', '--no-pause'], { ABPD_PORT: '9000', ABPD_HOST: '127.0.0.2', ABPD_WINDOW_SIZE: '800x600', ABPD_HEADED: 'yes' });
    expect(config.port).toBe(9001);
    expect(config.host).toBe('127.0.0.2');
    expect(config.windowSize).toEqual({ width: 800, height: 600 });
    expect(config.headed).toBe(true);
    expect(config.pause).toBe(false);
  });

  it('--flag=value, bools with =false, lists', () => {
    const { config } = parse(['--port=0', '--headed=false', '--allowed-origin', 'http://a, http://b'], { ABPD_HEADED: '1' });
    expect(config.port).toBe(0);
    expect(config.headed).toBe(false);
    expect(config.allowedOrigins).toEqual(['http://a', 'http://b']);
  });

  it('records how each option was given (service install writes them back)', () => {
    const { given } = parse(['--port', '9001', '--headed'], { ABPD_PORT: '9000', ABPD_MIN_WAIT: '200' });
    expect(given.map((g) => [g.spec.flag, g.raw, g.source])).toEqual([['min-wait', '200', 'env'], ['port', '9001', 'flag'], ['headed', 'true', 'flag']]);
  });

  it('returns positionals and stops at --', () => {
    expect(parse(['a', '--port', '1', '--', '--port']).positionals).toEqual(['a', '--port']);
  });

  const bad: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
    ['unknown flag', ['--prot', '1'], {}, /unknown option --prot for abpd start \(did you mean --port\?\); see abpd start --help/],
    ['missing value', ['--port'], {}, /--port needs a value \(N\)/],
    ['value that is a flag', ['--port', '--headed'], {}, /--port needs a value/],
    ['not a number', ['--port', '80a'], {}, /--port: expected a whole number, got "80a"/],
    ['bad bool', ['--headed=maybe'], {}, /--headed: expected true or false, got "maybe"/],
    ['bad size', ['--window-size', '10,10'], {}, /--window-size: expected W,H such as 1280,800/],
    ['bad variable', [], { ABPD_MIN_WAIT: 'soon' }, /ABPD_MIN_WAIT: expected a whole number, got "soon"/],
    ['bad log level', ['--log-level', 'loud'], {}, /--log-level: use info, debug or quiet/],
  ];
  for (const [name, argv, env, message] of bad) {
    it(`bad input: ${name}`, () => {
      expect(() => parse(argv, env)).toThrow(UsageError);
      expect(() => parse(argv, env)).toThrow(message);
    });
  }
});

describe('the abpd binary', () => {
  it('--version prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(ABPD_VERSION);
  });

  it('--help lists every command of the table', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name.padEnd(10)}${c.summary}`);
  });

  it('COMMAND --help shows that command\'s options with their variables', async () => {
    const expected: Record<string, string[]> = {
      status: ['usage: abpd status [options]', '--port N', '[ABPD_PORT]', '--auth-token VALUE', '--wait SECONDS'],
      stop: ['usage: abpd stop [options]', '--timeout SECONDS', '[ABPD_STOP_TIMEOUT]'],
      run: ['usage: abpd run SCRIPT [options]', '--var NAME=VALUE', '--keep-going', '--out DIR', '--headed', 'expect'],
      service: ['usage: abpd service install|uninstall|status|print [options]', '--system', '--platform linux|macos', '--max-batch N'],
      start: ['usage: abpd start [options]', '--max-batch N', '[ABPD_MAX_BATCH]'],
    };
    const results = await Promise.all(Object.keys(expected).map((name) => runCli([name, '--help'])));
    Object.values(expected).forEach((needles, i) => {
      expect(results[i]!.code).toBe(0);
      for (const n of needles) expect(results[i]!.stdout).toContain(n);
    });
    expect(results[0]!.stdout).not.toContain('--headed'); // status only has the connection options
  });

  it('bad options and unknown commands exit 2 with a message naming them', async () => {
    const [unknownCommand, badFlag, badValue, noScript] = await Promise.all([
      runCli(['frobnicate']), runCli(['status', '--colour']), runCli(['stop', '--timeout', 'soon']), runCli(['run']),
    ]);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('unknown command "frobnicate"');
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('unknown option --colour for abpd status');
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('--timeout: expected a whole number, got "soon"');
    expect(noScript.code).toBe(2);
    expect(noScript.stderr).toContain('which script?');
  });

  it('a bad ABPD_* variable is a usage error too', async () => {
    const r = await runCli(['status'], { env: cleanEnv({ ABPD_PORT: 'eighty' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ABPD_PORT: expected a whole number, got "eighty"');
  });
});

describe('docs/cli.md', () => {
  it('holds the reference generated from the command table (regenerate: node --import tsx scripts/cli-reference.ts --write)', () => {
    const doc = readFileSync(`${ROOT}docs/cli.md`, 'utf8');
    const block = /<!-- cli-reference:start -->\n([\s\S]*?)<!-- cli-reference:end -->/.exec(doc)?.[1];
    expect(block).toBe(cliReference(COMMANDS));
  });
});
