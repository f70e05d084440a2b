// `abpd service install|uninstall|status|print`: a systemd user (or --system) unit on Linux, a
// launchd agent on macOS. The OS tools run only when they exist; otherwise we say what to run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../../config.ts';
import type { Command } from '../command.ts';
import { which } from '../which.ts';
import { bindOptions, parseCommandLine, START_OPTIONS, UsageError, type GivenOption, type OptionDef } from '../options.ts';
import { LAUNCHD_LABEL, launchdPlist, SERVICE_NAME, systemdUnit, type ServiceSpec } from './units.ts';

interface ServiceSettings { system: boolean; platform: 'linux' | 'macos' }

const SERVICE_OPTIONS: OptionDef<ServiceSettings>[] = [
  { flag: 'system', env: 'ABPD_SERVICE_SYSTEM', type: 'bool', help: 'a system unit in /etc/systemd/system (root) instead of a user unit', apply: (s, v) => { s.system = v as boolean; } },
  { flag: 'platform', env: 'ABPD_SERVICE_PLATFORM', type: 'string', arg: 'linux|macos', help: 'which service manager to write for (default: this machine\'s)', apply: (s, v) => {
    if (v !== 'linux' && v !== 'macos') throw new UsageError(`--platform: use linux or macos (got "${v}")`);
    s.platform = v;
  } },
];
const ACTIONS = ['install', 'uninstall', 'status', 'print'] as const;
const COMMAND_TIMEOUT_MS = 60_000;

/**
 * A path option as the service must see it: absolute (systemd and launchd start it elsewhere, and do
 * not expand `~`). A bare command name for --chrome (no slash) is left to be found on PATH.
 */
function absolutePath(g: GivenOption): string {
  if (!g.spec.path || isAbsolute(g.raw)) return g.raw;
  if (g.raw === '~' || g.raw.startsWith('~/')) return join(homedir(), g.raw.slice(1));
  if (g.spec.flag === 'chrome' && !g.raw.includes('/')) return g.raw;
  return resolve(g.raw);
}

/** Flags back as flags, variables as Environment=; a bool flag set to false keeps its `=false`. */
function asArgs(given: GivenOption[]): string[] {
  return given.filter((g) => g.source === 'flag').flatMap((g) => {
    if (g.spec.type === 'bool') return [g.raw === 'true' ? `--${g.spec.flag}` : `--${g.spec.flag}=${g.raw}`];
    return [`--${g.spec.flag}`, absolutePath(g)];
  });
}

function buildSpec(argv: string[]): { action: typeof ACTIONS[number]; spec: ServiceSpec; settings: ServiceSettings } {
  const settings: ServiceSettings = { system: false, platform: process.platform === 'darwin' ? 'macos' : 'linux' };
  const config = defaultConfig(); // validates the daemon options the same way `abpd start` will
  const { positionals, given } = parseCommandLine([...bindOptions(SERVICE_OPTIONS, settings), ...bindOptions(START_OPTIONS, config)], argv, process.env, 'abpd service');
  const action = positionals[0] as typeof ACTIONS[number] | undefined;
  if (!action || !ACTIONS.includes(action)) throw new UsageError(`say what to do: ${ACTIONS.join(', ')}${action ? ` (got "${action}")` : ''}; see abpd service --help`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  if (settings.system && settings.platform === 'macos') throw new UsageError('--system: only for systemd (Linux); launchd agents are per user');
  const daemonGiven = given.filter((g) => START_OPTIONS.includes(g.spec as OptionDef));
  const probeArgs = asArgs(daemonGiven.filter((g) => ['port', 'host', 'auth-token'].includes(g.spec.flag)));
  const spec: ServiceSpec = {
    node: process.execPath,
    script: fileURLToPath(new URL('../../../bin/abpd', import.meta.url)),
    args: asArgs(daemonGiven),
    env: daemonGiven.filter((g) => g.source === 'env').map((g) => [g.spec.env, absolutePath(g)]),
    notify: which('systemd-notify') !== undefined,
    system: settings.system,
    probeArgs,
    logDir: join(homedir(), 'Library', 'Logs'),
  };
  return { action, spec, settings };
}

function unitPath(s: ServiceSettings): string {
  if (s.platform === 'macos') return join(homedir(), 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
  if (s.system) return `/etc/systemd/system/${SERVICE_NAME}.service`;
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'systemd', 'user', `${SERVICE_NAME}.service`);
}

/** Runs an OS tool with a deadline; returns its exit status and output for messages. */
function run(cmd: string, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`.trim();
  return { ok: r.status === 0, output };
}

function say(line: string): void { process.stdout.write(`${line}\n`); }

function managerSteps(s: ServiceSettings, file: string, action: 'install' | 'uninstall'): { tool: string; commands: string[][] } {
  if (s.platform === 'macos') {
    const domain = `gui/${process.getuid?.() ?? 501}`;
    return { tool: 'launchctl', commands: action === 'install' ? [['bootstrap', domain, file]] : [['bootout', `${domain}/${LAUNCHD_LABEL}`]] };
  }
  const scope = s.system ? [] : ['--user'];
  return { tool: 'systemctl', commands: action === 'install'
    ? [[...scope, 'daemon-reload'], [...scope, 'enable', '--now', SERVICE_NAME]]
    : [[...scope, 'disable', '--now', SERVICE_NAME], [...scope, 'daemon-reload']] };
}

/** systemctl --user without a user manager to talk to (root shell, ssh without a login session, a container). */
const NO_USER_BUS = /Failed to connect to (the )?bus|No medium found|DBUS_SESSION_BUS_ADDRESS|XDG_RUNTIME_DIR/i;

function noUserBusHint(): string {
  return [
    'systemd has no user session here (no user bus: a root shell, ssh without a login session, a container), so a user unit cannot be started.',
    'Either let your user run services without a login, then run install again from a new login:',
    `  loginctl enable-linger ${process.env.USER ?? '$USER'}`,
    'or install a system service instead (as root):',
    '  abpd service install --system        (or: abpd service print --system > /etc/systemd/system/abpd.service; systemctl daemon-reload; systemctl enable --now abpd)',
  ].join('\n');
}

function runSteps(steps: { tool: string; commands: string[][] }, mustSucceed: boolean): number {
  const tool = which(steps.tool);
  const shown = steps.commands.map((c) => `${steps.tool} ${c.join(' ')}`).join(' && ');
  if (!tool) { say(`${steps.tool} was not found; run this yourself: ${shown}`); return 0; }
  for (const args of steps.commands) {
    const r = run(tool, args);
    say(`${steps.tool} ${args.join(' ')}: ${r.ok ? 'ok' : 'failed'}${r.output ? `\n${r.output}` : ''}`);
    if (!r.ok && args.includes('--user') && NO_USER_BUS.test(r.output)) {
      process.stderr.write(`abpd service: ${noUserBusHint()}\n`);
      return mustSucceed ? 1 : 0;
    }
    if (!r.ok && mustSucceed) return 1;
  }
  return 0;
}

function install(spec: ServiceSpec, s: ServiceSettings): number {
  const file = unitPath(s);
  const text = s.platform === 'macos' ? launchdPlist(spec) : systemdUnit(spec);
  mkdirSync(dirname(file), { recursive: true });
  if (s.platform === 'macos') mkdirSync(spec.logDir, { recursive: true });
  // A literal token in the file must not be readable by other users.
  const secret = [...spec.args, ...spec.env.map(([k]) => k)].some((a) => a === '--auth-token' || a === 'ABPD_AUTH_TOKEN');
  writeFileSync(file, text, { mode: secret ? 0o600 : 0o644 });
  say(`wrote ${file}`);
  const code = runSteps(managerSteps(s, file, 'install'), true);
  if (code === 0 && s.platform === 'linux' && !s.system) say('It starts when you log in; to start it at boot without a login: loginctl enable-linger $USER');
  return code;
}

function uninstall(s: ServiceSettings): number {
  const file = unitPath(s);
  if (!existsSync(file)) { say(`nothing to remove: ${file} does not exist`); return 0; }
  // Stopping may fail when it was never started; removing the file is what matters.
  runSteps(managerSteps(s, file, 'uninstall'), false);
  rmSync(file, { force: true });
  say(`removed ${file}`);
  return 0;
}

function status(s: ServiceSettings): number {
  const file = unitPath(s);
  const installed = existsSync(file);
  say(`${installed ? 'installed' : 'not installed'}: ${file}`);
  if (!installed) return 1;
  if (s.platform === 'macos') {
    const tool = which('launchctl');
    if (!tool) { say('launchctl not found: cannot ask launchd'); return 3; }
    const r = run(tool, ['print', `gui/${process.getuid?.() ?? 501}/${LAUNCHD_LABEL}`]);
    say(r.ok ? `loaded: ${/state = (\w+)/.exec(r.output)?.[1] ?? 'yes'}` : 'not loaded');
    return r.ok ? 0 : 3;
  }
  const tool = which('systemctl');
  if (!tool) { say('systemctl not found: cannot ask systemd (try abpd status)'); return 3; }
  const scope = s.system ? [] : ['--user'];
  const enabled = run(tool, [...scope, 'is-enabled', SERVICE_NAME]);
  const active = run(tool, [...scope, 'is-active', SERVICE_NAME]);
  say(`enabled: ${enabled.output || 'unknown'}`);
  say(`active: ${active.output || 'unknown'}`);
  return active.ok ? 0 : 3;
}

async function serviceCommand(argv: string[]): Promise<number> {
  const { action, spec, settings } = buildSpec(argv);
  switch (action) {
    case 'print': process.stdout.write(settings.platform === 'macos' ? launchdPlist(spec) : systemdUnit(spec)); return 0;
    case 'install': return install(spec, settings);
    case 'uninstall': return uninstall(settings);
    case 'status': return status(settings);
  }
}

export const serviceCommandDef: Command = {
  name: 'service',
  args: ACTIONS.join('|'),
  summary: 'install, remove, inspect or print the OS service that keeps abpd running',
  details: [
    'Linux: a systemd user unit ~/.config/systemd/user/abpd.service (--system: /etc/systemd/system/abpd.service), enabled with systemctl --user daemon-reload && systemctl --user enable --now abpd. macOS: a launchd agent ~/Library/LaunchAgents/dev.abpd.plist, loaded with launchctl bootstrap gui/$UID. Without systemctl/launchctl, install writes the file and prints the commands to run; with systemctl but no user session bus (a root shell, ssh without login, a container) it exits 1 saying what to run instead (loginctl enable-linger, or a --system unit).',
    'The daemon options given here (flags or ABPD_* variables) are written into the service: flags into ExecStart/ProgramArguments, variables into Environment=/EnvironmentVariables. ExecStart uses the absolute paths of this node and this bin/abpd; relative --session-dir, --upload-root and --chrome paths are written as absolute ones (~ expanded). Readiness: Type=notify when systemd-notify exists (the daemon runs it when NOTIFY_SOCKET is set), else Type=simple with `abpd status --wait 60` as ExecStartPost.',
  ],
  options: [
    { title: 'service options', options: SERVICE_OPTIONS },
    { title: 'daemon options written into the service', options: START_OPTIONS },
  ],
  run: serviceCommand,
};
