// POST /file-chooser/{id} (rest.md §4.13): validates and stages the files, then runs an action on
// the chooser's tab that sets them on the <input> (the page gets input and change). Chromium only
// ever gets copies in <session>/uploads (uploadStaging.ts).
import { basename, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { setChooserFiles } from '../../cdp/fileChooser.ts';
import type { ActionDef } from '../action.ts';
import type { Config } from '../config.ts';
import type { Envelope } from '../envelope.ts';
import { ApiError, invalidParams } from '../errors.ts';
import type { RouteDef } from '../routes/types.ts';
import { commonFields } from '../schemas.ts';
import { resolveUploadPath } from '../security/paths.ts';
import { answerOnce, featuresOf, sessionOf, type FileChooserRecord } from './state.ts';
import { copyCheckedFile, discardUploads, stageBytes } from './uploadStaging.ts';

const MAX_CONTENT_FILE = 10 * 1024 * 1024;

const contentFile = z.object({ filename: z.string().min(1).max(255), data: z.string(), mime_type: z.string().max(255).optional() });
const chooserBody = z.object({
  files: z.array(z.string().min(1).max(4096)).max(100).optional(),
  content_files: z.array(contentFile).max(100).optional(),
  path: z.string().min(1).max(4096).optional(),
  cancel: z.boolean().optional(),
  ...commonFields,
}).loose().superRefine((v, ctx) => {
  if (!v.cancel && !v.files?.length && !v.content_files?.length && v.path === undefined) {
    ctx.addIssue({ code: 'custom', path: ['files'], message: 'send "files" (absolute paths), "content_files" ([{filename, data (base64)}]), "path", or "cancel": true' });
  }
});
type ChooserBody = z.infer<typeof chooserBody>;

/** `{files: [paths]}` is the only shape ABP's client sends: the refusal names the flags that allow it. */
function uploadsByPathOff(field: string): ApiError {
  return new ApiError(403, 'FILE_ACCESS_DENIED', `${field}: uploads by path are off by default. To allow them, restart abpd with `
    + '--upload-root DIR (env ABPD_UPLOAD_ROOT; only files under DIR) or --allow-file-access (env ABPD_ALLOW_FILE_ACCESS; '
    + 'any file abpd can read). Or send the file itself as content_files: [{filename, data (base64)}].')
    .withData({ allowed_by: ['--upload-root DIR', '--allow-file-access'] });
}

/**
 * Paths on this machine may be uploaded only when the operator allowed it (--allow-file-access, or
 * --upload-root alone for files under it); resolveUploadPath then keeps them inside --upload-root
 * on their real path (no `..` or symlink escape).
 */
function checkPath(path: string, field: string, config: Config): string {
  if (!isAbsolute(path)) throw invalidParams(`${field}: "${path}" is not an absolute path`);
  if (!config.allowFileAccess && !config.uploadRoot) throw uploadsByPathOff(field);
  return resolveUploadPath({ allowFileAccess: true, uploadRoot: config.uploadRoot }, path, field);
}

/** Checks every content file first, so a bad one stages nothing. */
function stageContentFiles(files: NonNullable<ChooserBody['content_files']>, dir: string, staged: string[]): void {
  const checked = files.map((f, i) => {
    if (!/^[A-Za-z0-9+/=\s_-]*$/.test(f.data)) throw invalidParams(`content_files[${i}].data: not valid base64`);
    const bytes = Buffer.from(f.data, 'base64');
    if (bytes.length > MAX_CONTENT_FILE) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `content_files[${i}]: larger than ${MAX_CONTENT_FILE} bytes`);
    const name = basename(f.filename).replace(/[\u0000-\u001f]/g, '_');
    if (!name || name === '.' || name === '..') throw invalidParams(`content_files[${i}].filename: "${f.filename}" is not a file name`);
    return { name, bytes };
  });
  for (const f of checked) staged.push(stageBytes(dir, f.name, f.bytes));
}

interface ChooserParams extends ChooserBody { chooser: FileChooserRecord; paths: string[]; started: () => void; handed: () => void }

const chooseFiles: ActionDef<ChooserParams> = {
  type: 'file_chooser',
  async run(ctx, p) {
    p.started();
    if (p.cancel) return { success: true, cancelled: true };
    if (p.chooser.backendNodeId === undefined) throw new ApiError(409, 'CONFLICT', 'This file chooser has no <input> element to set files on.');
    await setChooserFiles(sessionOf(p.chooser, ctx.tab.page.session), p.chooser.backendNodeId, p.paths);
    p.handed();
    return { success: true, files: p.paths.map((f) => basename(f)) };
  },
};

/** ABP answers a bare `{success: true[, cancelled: true]}` and its client reads those: they lead the
 *  envelope (whose `result` says the same, for clients of the envelope). */
function withTopLevelAnswer(envelope: Envelope): Record<string, unknown> {
  return { success: true, ...(envelope.result.cancelled === true ? { cancelled: true } : {}), ...envelope };
}

export const fileChooserRoutes: RouteDef[] = [
  {
    name: 'file_chooser', method: 'POST', path: '/file-chooser/:id', kind: 'query', body: chooserBody,
    summary: 'Answer a file chooser: files (paths), content_files (base64), path (save), or cancel.',
    async handle(req, deps) {
      const state = featuresOf(deps.host);
      const id = req.params.id!;
      const chooser = state.fileChoosers.get(id);
      if (!chooser) throw new ApiError(404, 'FILE_CHOOSER_NOT_FOUND', `File chooser not found: ${id}. Choosers are announced by file_chooser events; each can be answered once.`);
      const body = req.body as ChooserBody;
      const staged: string[] = [];
      let handed = false;
      try {
        if (!body.cancel) {
          const checked = [
            ...(body.files ?? []).map((f, i) => [checkPath(f, `files[${i}]`, deps.config), `files[${i}]`] as const),
            ...(body.path !== undefined ? [[checkPath(body.path, 'path', deps.config), 'path'] as const] : []),
          ];
          if (!chooser.multiple && checked.length + (body.content_files?.length ?? 0) > 1) {
            throw invalidParams('files: this chooser takes one file (the <input> has no "multiple")');
          }
          const dir = join(deps.config.sessionDir, 'uploads');
          for (const [path, field] of checked) staged.push(await copyCheckedFile(path, dir, field, deps.config.maxSessionBytes));
          stageContentFiles(body.content_files ?? [], dir, staged);
        }
        const paths = [...staged];
        const envelope = await answerOnce(state.fileChoosers, chooser, () => deps.host.tabs.get(chooser.tabId)?.closed === false,
          (started) => deps.runner.run(chooser.tabId, chooseFiles, { ...body, chooser, paths, started, handed: () => { handed = true; } }));
        return { json: withTopLevelAnswer(envelope) };
      } finally {
        // Handed copies live as long as the tab (its page may read them later); the rest go now.
        if (handed) state.keepUploads(chooser.tabId, staged);
        else discardUploads(staged);
      }
    },
  },
];
