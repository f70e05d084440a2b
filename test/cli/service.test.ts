// `abpd service`: the generated unit and plist, systemd-analyze verify, and install/uninstall in a
// temporary HOME with systemctl replaced by a PATH stub that records its arguments (this is the OS
// service manager, not CDP: nothing about the browser is mocked).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemdQuote } from '../../daemon/cli/service/units.ts';
import { BIN, cleanEnv, runCli } from './cliSupport.ts';

const tmp = mkdtempSync(join(tmpdir(), 'abpd-service-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A PATH directory holding only the stubs asked for; each stub logs "name args" to log. */
function stubPath(name: string, stubs: string[]): { path: string; log: string } {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'calls.log');
  for (const stub of stubs) {
    writeFileSync(join(dir, stub), `#!/bin/sh\necho "${stub} $*" >> "${log}"\n`);
    chmodSync(join(dir, stub), 0o755);
  }
  return { path: dir, log };
}

function env(path: string, home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cleanEnv({ PATH: path, HOME: home, XDG_CONFIG_HOME: undefined, ...extra });
}

describe('abpd service print', () => {
  it('systemd user unit: absolute node and bin/abpd, the flags given, variables as Environment=, Type=notify', async () => {
    const { path } = stubPath('notify', ['systemd-notify']);
    const r = await runCli(['service', 'print', '--port', '9123', '--headed', '--window-size', '1024,768'], { env: env(path, tmp, { ABPD_LOG_LEVEL: 'debug', ABPD_MIN_WAIT: '200' }) });
    expect(r.code, r.stderr).toBe(0);
    const unit = r.stdout;
    expect(unit).toContain(`ExecStart=${process.execPath} ${BIN} start --port 9123 --headed --window-size 1024,768\n`);
    expect(unit).toContain('Environment=ABPD_MIN_WAIT=200\n');
    expect(unit).toContain('Environment=ABPD_LOG_LEVEL=debug\n');
    expect(unit).toContain('Type=notify\nNotifyAccess=all\n');
    expect(unit).not.toContain('ExecStartPost');
    expect(unit).toContain('Restart=on-failure\n');
    expect(unit).toContain('WantedBy=default.target\n');
  });

  it('without systemd-notify: Type=simple and a readiness probe with the same port', async () => {
    const { path } = stubPath('no-notify', []);
    const r = await runCli(['service', 'print', '--port', '9124', '--no-history'], { env: env(path, tmp) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Type=simple\n');
    expect(r.stdout).toContain(`ExecStartPost=${process.execPath} ${BIN} status --wait 60 --port 9124\n`);
    expect(r.stdout).not.toContain('NotifyAccess');
  });

  it('--system: a multi-user unit', async () => {
    const r = await runCli(['service', 'print', '--system'], { env: env(stubPath('sys', []).path, tmp) });
    expect(r.stdout).toContain('WantedBy=multi-user.target\n');
    expect(r.stdout).toContain('# abpd system service');
  });

  it('systemd-analyze verify accepts the unit', async (ctx) => {
    const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    if (analyze.error) { ctx.skip(); return; } // systemd-analyze is not installed here
    for (const [name, stubs] of [['verify-notify', ['systemd-notify']], ['verify-simple', []]] as const) {
      const r = await runCli(['service', 'print', '--port', '9125', '--auth-token', 'a b$%"c'], { env: env(stubPath(name, [...stubs]).path, tmp) });
      const file = join(tmp, name, 'abpd.service');
      writeFileSync(file, r.stdout);
      const verify = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8', timeout: 30_000 });
      expect(verify.status, `${verify.stdout}${verify.stderr}`).toBe(0);
    }
  });

  it('quotes words the systemd way', () => {
    expect(systemdQuote('/usr/bin/node')).toBe('/usr/bin/node');
    expect(systemdQuote('a b')).toBe('"a b"');
    expect(systemdQuote('50%$X"\\')).toBe('"50%%$$X\\"\\\\"');
  });

  it('macOS: a launchd agent with ProgramArguments, RunAtLoad, KeepAlive, EnvironmentVariables and logs', async () => {
    const r = await runCli(['service', 'print', '--platform', 'macos', '--port', '9126'], { env: env(stubPath('mac', []).path, '/Users/me', { ABPD_HEADED: '1' }) });
    expect(r.code, r.stderr).toBe(0);
    const plist = r.stdout;
    expect(plist).toContain('<key>Label</key>\n  <string>dev.abpd</string>');
    expect(plist).toContain(`<array>\n    <string>${process.execPath}</string>\n    <string>${BIN}</string>\n    <string>start</string>\n    <string>--port</string>\n    <string>9126</string>\n  </array>`);
    expect(plist).toContain('<key>ABPD_HEADED</key>\n    <string>1</string>');
    expect(plist).toContain('<key>RunAtLoad</key>\n  <true/>');
    expect(plist).toContain('<key>KeepAlive</key>\n  <dict>\n    <key>SuccessfulExit</key>\n    <false/>');
    expect(plist).toContain('<string>/Users/me/Library/Logs/abpd.log</string>');
    const lint = spawnSync('python3', ['-c', 'import plistlib,sys; plistlib.loads(sys.stdin.buffer.read())'], { input: plist });
    if (!lint.error) expect(lint.status, lint.stderr?.toString()).toBe(0); // well-formed plist (when python3 exists)
  });

  it('bad service input exits 2', async () => {
    const [noAction, badPlatform, systemMac] = await Promise.all([
      runCli(['service'], { env: env(tmp, tmp) }),
      runCli(['service', 'print', '--platform', 'windows'], { env: env(tmp, tmp) }),
      runCli(['service', 'print', '--platform', 'macos', '--system'], { env: env(tmp, tmp) }),
    ]);
    expect([noAction.code, badPlatform.code, systemMac.code]).toEqual([2, 2, 2]);
    expect(noAction.stderr).toContain('say what to do: install, uninstall, status, print');
    expect(badPlatform.stderr).toContain('--platform: use linux or macos (got "windows")');
    expect(systemMac.stderr).toContain('--system: only for systemd');
  });
});

describe('abpd service install / status / uninstall (temporary HOME)', () => {
  it('with systemctl: writes the user unit, reloads, enables --now; uninstall disables and removes it', async () => {
    const home = join(tmp, 'home-systemctl');
    const { path, log } = stubPath('with-systemctl', ['systemctl', 'systemd-notify']);
    const unit = join(home, '.config', 'systemd', 'user', 'abpd.service');

    const install = await runCli(['service', 'install', '--port', '9127'], { env: env(path, home) });
    expect(install.code, install.stdout + install.stderr).toBe(0);
    expect(readFileSync(unit, 'utf8')).toContain(' start --port 9127\n');
    expect(statSync(unit).mode & 0o777).toBe(0o644);
    expect(install.stdout).toContain(`wrote ${unit}`);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now abpd']);

    const status = await runCli(['service', 'status'], { env: env(path, home) });
    expect(status.stdout).toContain(`installed: ${unit}`);
    expect(readFileSync(log, 'utf8')).toContain('systemctl --user is-active abpd');

    const uninstall = await runCli(['service', 'uninstall'], { env: env(path, home) });
    expect(uninstall.code).toBe(0);
    expect(existsSync(unit)).toBe(false);
    expect(readFileSync(log, 'utf8')).toContain('systemctl --user disable --now abpd\nsystemctl --user daemon-reload\n');

    const after = await runCli(['service', 'status'], { env: env(path, home) });
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('not installed');
  });

  it('without systemctl: writes the file and says what to run; a token makes the file private', async () => {
    const home = join(tmp, 'home-plain');
    const { path } = stubPath('without-systemctl', []);
    const r = await runCli(['service', 'install', '--auth-token', 'sekrit'], { env: env(path, home, { XDG_CONFIG_HOME: join(home, 'cfg') }) });
    expect(r.code, r.stderr).toBe(0);
    const unit = join(home, 'cfg', 'systemd', 'user', 'abpd.service');
    expect(existsSync(unit)).toBe(true);
    expect(statSync(unit).mode & 0o777).toBe(0o600);
    expect(r.stdout).toContain('systemctl was not found; run this yourself: systemctl --user daemon-reload && systemctl --user enable --now abpd');
    expect(existsSync(dirname(unit))).toBe(true);
  });

  it('a failing systemctl makes install fail with its output', async () => {
    const home = join(tmp, 'home-failing');
    const dir = join(tmp, 'failing-systemctl');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'systemctl'), '#!/bin/sh\necho "Failed to connect to bus" >&2\nexit 1\n');
    chmodSync(join(dir, 'systemctl'), 0o755);
    const r = await runCli(['service', 'install'], { env: env(dir, home) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('systemctl --user daemon-reload: failed\nFailed to connect to bus');
  });
});

describe('newcomer cases (issue 23 item 8)', () => {
  it('systemctl without a user bus: install exits 1 and says what to run instead', async () => {
    const home = join(tmp, 'home-nobus');
    const dir = join(tmp, 'nobus-systemctl');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'systemctl'), '#!/bin/sh\necho "Failed to connect to bus: No medium found" >&2\nexit 1\n');
    chmodSync(join(dir, 'systemctl'), 0o755);
    const r = await runCli(['service', 'install'], { env: env(dir, home, { USER: 'someone' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('systemd has no user session here');
    expect(r.stderr).toContain('loginctl enable-linger someone');
    expect(r.stderr).toContain('abpd service install --system');
    expect(r.stderr).toContain('abpd service print --system > /etc/systemd/system/abpd.service');
  });

  it('print writes relative paths (flags and variables) as absolute ones; a bare --chrome name stays', async () => {
    const cwd = join(tmp, 'cwd');
    mkdirSync(cwd, { recursive: true });
    const r = await runCli(['service', 'print', '--platform', 'linux', '--session-dir', 'state/session', '--chrome', './bin/chrome'],
      { cwd, env: cleanEnv({ ABPD_UPLOAD_ROOT: 'uploads', HOME: join(tmp, 'h') }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`--session-dir ${join(cwd, 'state/session')}`);
    expect(r.stdout).toContain(`--chrome ${join(cwd, 'bin/chrome')}`);
    expect(r.stdout).toContain(`Environment=ABPD_UPLOAD_ROOT=${join(cwd, 'uploads')}`);
    const bare = await runCli(['service', 'print', '--platform', 'linux', '--chrome', 'chromium', '--session-dir', '~/s'], { cwd, env: cleanEnv({ HOME: join(tmp, 'h') }) });
    expect(bare.stdout).toContain('--chrome chromium ');
    expect(bare.stdout).toContain(`--session-dir ${join(tmp, 'h', 's')}`);
  });
});
