// Local files the browser may be handed by path (file-chooser uploads): only with --allow-file-access,
// and with --upload-root only real files inside that directory. The check runs on the real path, so
// neither `..` nor a symlink inside the root can reach a file outside it.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Config } from '../config.ts';
import { ApiError, invalidParams } from '../errors.ts';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function denied(field: string, why: string): ApiError {
  return new ApiError(403, 'FILE_ACCESS_DENIED', `${field}: ${why}`);
}

function realPath(path: string, field: string): string {
  try { return realpathSync(path); } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw invalidParams(`${field}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`}: ${path.slice(0, 200)}`);
  }
}

/**
 * Resolves a path a client asked to upload to the real path of a regular file, or throws a 4xx
 * naming `field`. Relative paths are taken relative to the upload root (and refused without one).
 */
export function resolveUploadPath(config: Pick<Config, 'allowFileAccess' | 'uploadRoot'>, raw: string, field: string): string {
  if (!config.allowFileAccess) {
    throw denied(field, 'uploads by path are off; start abpd with --allow-file-access, or send the file as content_files (base64).');
  }
  if (raw === '' || raw.includes('\0')) throw invalidParams(`${field}: expected a file path`);
  let candidate: string;
  if (config.uploadRoot) {
    const root = realPath(config.uploadRoot, '--upload-root');
    candidate = resolve(root, raw);
    // Lexical first: `..` that climbs out is refused even when the target does not exist.
    if (!inside(root, candidate)) throw denied(field, `${raw.slice(0, 200)} is outside --upload-root ${root}.`);
    const real = realPath(candidate, field);
    if (!inside(root, real)) throw denied(field, `${raw.slice(0, 200)} leads (through a symlink) outside --upload-root ${root}.`);
    candidate = real;
  } else {
    if (!isAbsolute(raw)) throw invalidParams(`${field}: "${raw.slice(0, 200)}" is relative; send an absolute path.`);
    candidate = realPath(raw, field);
  }
  if (!statSync(candidate).isFile()) throw invalidParams(`${field}: ${raw.slice(0, 200)} is not a regular file.`);
  return candidate;
}
