// Screenshot files named by rows. Paths come from the database, which anyone with access to the
// session dir can edit: only files inside this session's screenshots folder are ever read or deleted.
import { statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import type { Logger } from '../log.ts';
import type { SessionLayout } from './layout.ts';

/** The file a stored path names, inside this session's screenshots folder (a moved session dir still works). */
export function ownScreenshotPath(layout: SessionLayout, stored: string): string {
  const full = resolve(stored);
  if (full.startsWith(layout.screenshots + sep)) return full;
  return join(layout.screenshots, basename(full));
}

/** Image writes still in flight, by path: a file pruned before its write lands must still go. */
const inFlight = new Map<string, { done: Promise<void>; bytes: number }>();

export function trackWrite(path: string, bytes: number, done: Promise<void>): void {
  inFlight.set(path, { done, bytes });
  void done.finally(() => { if (inFlight.get(path)?.done === done) inFlight.delete(path); });
}

/** Deletes the files (in the background) and returns how many bytes they held. */
export function removeScreenshots(layout: SessionLayout, stored: Array<string | null>, log: Logger): number {
  let bytes = 0;
  for (const path of stored) {
    if (!path) continue;
    const file = ownScreenshotPath(layout, path);
    const writing = inFlight.get(file);
    if (writing) {
      // Pruned while its write is still in flight: delete it once it has landed.
      bytes += writing.bytes;
      void writing.done.then(() => unlink(file)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') log.error(`history: could not delete ${file}: ${err.message}`);
      });
      continue;
    }
    try { bytes += statSync(file).size; } catch {
      continue; // never written (killed daemon, failed write) or already gone: nothing to free
    }
    unlink(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') log.error(`history: could not delete ${file}: ${err.message}`);
    });
  }
  return bytes;
}
