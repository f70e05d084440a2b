// Upload-by-path gating (daemon/security/paths.ts): --allow-file-access, --upload-root, `..` and
// symlink escapes, missing files and directories. Real files in a temp dir; no browser needed.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../daemon/errors.ts';
import { resolveUploadPath } from '../../daemon/security/paths.ts';

let base: string;
let root: string;
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'abpd-paths-')));
  root = join(base, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'a.txt'), 'a');
  writeFileSync(join(root, 'sub', 'b.txt'), 'b');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
  symlinkSync(base, join(root, 'escape-dir'));
  symlinkSync(join(root, 'a.txt'), join(root, 'inside-link.txt'));
});
afterAll(() => { rmSync(base, { recursive: true, force: true }); });

function refusal(fn: () => unknown): { status: number; code: string; message: string } {
  try { fn(); } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    return { status: e.status, code: e.code, message: e.message };
  }
  throw new Error('expected a refusal');
}

describe('resolveUploadPath', () => {
  it('refuses every path without --allow-file-access', () => {
    const r = refusal(() => resolveUploadPath({ allowFileAccess: false }, join(root, 'a.txt'), 'files[0]'));
    expect(r).toMatchObject({ status: 403, code: 'FILE_ACCESS_DENIED' });
    expect(r.message).toMatch(/^files\[0\]: .*--allow-file-access/);
  });

  it('without a root: absolute paths of real files only', () => {
    const open = { allowFileAccess: true };
    expect(resolveUploadPath(open, join(base, 'secret.txt'), 'files[0]')).toBe(join(base, 'secret.txt'));
    expect(refusal(() => resolveUploadPath(open, 'a.txt', 'files[0]'))).toMatchObject({ status: 400, code: 'INVALID_PARAMS' });
    expect(refusal(() => resolveUploadPath(open, join(base, 'nope.txt'), 'files[1]')).message).toMatch(/^files\[1\]: no such file/);
    expect(refusal(() => resolveUploadPath(open, root, 'files[0]')).message).toMatch(/not a regular file/);
    expect(refusal(() => resolveUploadPath(open, `${root}/a.txt\0.png`, 'files[0]')).status).toBe(400);
  });

  it('with --upload-root: files inside it, absolute or relative, through links that stay inside', () => {
    const rooted = { allowFileAccess: true, uploadRoot: root };
    expect(resolveUploadPath(rooted, join(root, 'a.txt'), 'f')).toBe(join(root, 'a.txt'));
    expect(resolveUploadPath(rooted, 'sub/b.txt', 'f')).toBe(join(root, 'sub', 'b.txt'));
    expect(resolveUploadPath(rooted, 'sub/../a.txt', 'f')).toBe(join(root, 'a.txt'));
    expect(resolveUploadPath(rooted, 'inside-link.txt', 'f')).toBe(join(root, 'a.txt'));
  });

  it('with --upload-root: refuses `..` escapes, absolute paths outside, and symlinks out', () => {
    const rooted = { allowFileAccess: true, uploadRoot: root };
    for (const path of ['../secret.txt', 'sub/../../secret.txt', join(base, 'secret.txt'), '/etc/passwd', 'escape.txt', 'escape-dir/secret.txt']) {
      const r = refusal(() => resolveUploadPath(rooted, path, 'files[0]'));
      expect(r, path).toMatchObject({ status: 403, code: 'FILE_ACCESS_DENIED' });
      expect(r.message).toMatch(/outside --upload-root/);
    }
    // An escape that does not even exist is refused as an escape, not reported as missing.
    expect(refusal(() => resolveUploadPath(rooted, '../../no/such/file', 'f')).status).toBe(403);
  });
});
