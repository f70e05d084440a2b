// Files handed to a file chooser are copies in <session>/uploads, never the caller's path (issue 27
// item 5): Chromium reads a chosen file when the page reads it, long after the path was checked, so
// a swap to a symlink (same size and mtime) in between leaked a file outside --upload-root. The
// checked file is opened once (O_NOFOLLOW), the descriptor is matched to the checked path (same
// device and inode, same real path) and copied from; Chromium gets the copy. Copies that were never
// handed to Chromium (an answer refused or failed) are removed at once; handed ones with their tab.
import { constants, createWriteStream, mkdirSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../errors.ts';

/** A folder per file keeps the file's own name, which is what the page sees (File.name). */
function newFolder(dir: string): string {
  const folder = join(dir, `${Date.now()}_${randomBytes(6).toString('hex')}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}

function changed(field: string): ApiError {
  return new ApiError(409, 'FILE_CHANGED', `${field}: the file changed while it was being read (it was replaced or moved); send the answer again.`);
}

/** Copies the checked real path `checked` into `dir` by descriptor; returns the copy's path. */
export async function copyCheckedFile(checked: string, dir: string, field: string, maxBytes = 0): Promise<string> {
  const handle = await open(checked, constants.O_RDONLY | constants.O_NOFOLLOW).catch((err: NodeJS.ErrnoException) => {
    // ELOOP: the last component became a symlink since the check.
    if (err.code === 'ELOOP' || err.code === 'ENOENT') throw changed(field);
    throw new ApiError(400, 'INVALID_PARAMS', `${field}: cannot read it (${err.code}).`);
  });
  let folder: string | null = null;
  try {
    const opened = await handle.stat();
    let now: { dev: number; ino: number } | null = null;
    try { if (realpathSync(checked) === checked) now = statSync(checked); } catch { now = null; }
    // The descriptor must be the very file that was checked, and still at the checked real path.
    if (!opened.isFile() || !now || now.dev !== opened.dev || now.ino !== opened.ino) throw changed(field);
    // The copy lands in the session dir: one file larger than its whole quota cannot be kept.
    if (maxBytes > 0 && opened.size > maxBytes) {
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `${field}: the file is ${opened.size} bytes, more than the session dir's quota (${maxBytes} bytes, --max-session-mb); uploads are copied there first.`);
    }
    folder = newFolder(dir);
    const copy = join(folder, basename(checked));
    await pipeline(handle.createReadStream({ autoClose: false }), createWriteStream(copy, { flags: 'wx', mode: 0o600 }));
    return copy;
  } catch (err) {
    if (folder) discardUploads([folder]);
    throw err;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Bytes an agent sent (content_files), staged the same way. */
export function stageBytes(dir: string, name: string, bytes: Buffer): string {
  const path = join(newFolder(dir), name);
  writeFileSync(path, bytes, { mode: 0o600 });
  return path;
}

/** Removes staged copies: each is alone in its folder, which goes with it. */
export function discardUploads(paths: string[]): void {
  for (const path of paths) rmSync(dirname(path), { recursive: true, force: true });
}

/** Leftovers of an earlier run (killed before its tabs closed): nothing can use them any more. */
export function clearUploadsDir(dir: string): void {
  let names: string[] = [];
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names) rmSync(join(dir, name), { recursive: true, force: true });
}
