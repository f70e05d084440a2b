// systemd readiness (Type=notify). NOTIFY_SOCKET is a unix *datagram* socket and Node has no unix
// dgram support, so READY=1 is sent by `systemd-notify`, a child process: the unit says
// NotifyAccess=all so systemd accepts it (service/units.ts). systemd-notify waits until systemd has
// processed the message (a barrier, systemd ≥ 246), so its short life does not lose the message.
import { execFile } from 'node:child_process';
import type { Logger } from '../log.ts';
import { which } from './which.ts';

const NOTIFY_TIMEOUT_MS = 5_000;

export function notifyReady(log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!env.NOTIFY_SOCKET) return Promise.resolve();
  const tool = which('systemd-notify', env.PATH);
  if (!tool) {
    log.error('NOTIFY_SOCKET is set but systemd-notify is not installed: readiness cannot be reported (use Type=simple)');
    return Promise.resolve();
  }
  const args = ['--ready', '--status=serving the ABP API'];
  return new Promise((resolve) => {
    // The timeout kills it: a hung notify must not hold the daemon or outlive it.
    execFile(tool, args, { timeout: NOTIFY_TIMEOUT_MS, env }, (err, _stdout, stderr) => {
      if (err) log.error(`systemd-notify ${args.join(' ')} failed: ${stderr.trim() || err.message}`);
      else log.debug(`systemd-notify ${args.join(' ')}`);
      resolve();
    });
  });
}
