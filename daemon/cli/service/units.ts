// The service definitions `abpd service` writes: a systemd unit and a launchd agent. Pure text from
// settings, so `print`, `install` and the tests see exactly the same bytes.
import { ABPD_VERSION } from '../../routes/browserRoutes.ts';

export interface ServiceSpec {
  /** Absolute node binary and absolute bin/abpd. */
  node: string;
  script: string;
  /** Daemon flags as given to `abpd service install` (after `start`). */
  args: string[];
  /** ABPD_* settings that were given as variables. */
  env: [string, string][];
  /** Type=notify (systemd-notify is available) or Type=simple with a readiness probe. */
  notify: boolean;
  system: boolean;
  /** Connection flags for the readiness probe (port, host, auth token as given). */
  probeArgs: string[];
  logDir: string;
}

export const SERVICE_NAME = 'abpd';
export const LAUNCHD_LABEL = 'dev.abpd';

/** One ExecStart=/Environment= word: `%` and `$` are systemd's specifier/variable syntax. */
export function systemdQuote(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function systemdUnit(s: ServiceSpec): string {
  const exec = [s.node, s.script, 'start', ...s.args].map(systemdQuote).join(' ');
  const probe = [s.node, s.script, 'status', '--wait', '60', ...s.probeArgs].map(systemdQuote).join(' ');
  return [
    `# abpd ${s.system ? 'system' : 'user'} service, written by \`abpd service install\` (abpd ${ABPD_VERSION}).`,
    '# Re-run `abpd service install` with other options to change it; `abpd service uninstall` removes it.',
    '[Unit]',
    'Description=abpd: a real browser for AI agents (Agent Browser Protocol)',
    'After=network.target',
    '',
    '[Service]',
    ...(s.notify
      // Node cannot send a unix datagram to NOTIFY_SOCKET; the daemon runs systemd-notify, a child
      // process, so systemd must accept READY=1 from any process of the unit.
      ? ['Type=notify', 'NotifyAccess=all']
      // No systemd-notify here: `systemctl start` waits for this probe to see the daemon ready.
      : ['Type=simple', `ExecStartPost=${probe}`]),
    `ExecStart=${exec}`,
    ...s.env.map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}`),
    'Restart=on-failure',
    'RestartSec=2',
    // SIGTERM is the daemon's graceful shutdown (close Chromium, end the history session); whatever
    // is left of the unit gets SIGKILL after the timeout.
    'KillMode=mixed',
    'TimeoutStartSec=90',
    'TimeoutStopSec=20',
    '',
    '[Install]',
    `WantedBy=${s.system ? 'multi-user.target' : 'default.target'}`,
    '',
  ].join('\n');
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function launchdPlist(s: ServiceSpec): string {
  const strings = (items: string[], indent: string): string[] => items.map((i) => `${indent}<string>${xml(i)}</string>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<!-- abpd agent, written by \`abpd service install\` (abpd ${ABPD_VERSION}); \`abpd service uninstall\` removes it. -->`,
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key>`, `  <string>${LAUNCHD_LABEL}</string>`,
    '  <key>ProgramArguments</key>', '  <array>', ...strings([s.node, s.script, 'start', ...s.args], '    '), '  </array>',
    ...(s.env.length ? ['  <key>EnvironmentVariables</key>', '  <dict>',
      ...s.env.flatMap(([k, v]) => [`    <key>${xml(k)}</key>`, `    <string>${xml(v)}</string>`]), '  </dict>'] : []),
    '  <key>RunAtLoad</key>', '  <true/>',
    // Restart when it exits with an error (launchd's Restart=on-failure), not after `abpd stop`.
    '  <key>KeepAlive</key>', '  <dict>', '    <key>SuccessfulExit</key>', '    <false/>', '  </dict>',
    '  <key>ThrottleInterval</key>', '  <integer>5</integer>',
    '  <key>StandardOutPath</key>', `  <string>${xml(`${s.logDir}/abpd.log`)}</string>`,
    '  <key>StandardErrorPath</key>', `  <string>${xml(`${s.logDir}/abpd.log`)}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}
