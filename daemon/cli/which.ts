// Finding an executable on PATH (systemctl, launchctl, systemd-notify), without a shell.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function which(cmd: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, cmd);
    try { accessSync(file, constants.X_OK); return file; } catch { /* not in this directory: try the next */ }
  }
  return undefined;
}
