// POST /file (multipart `file`, optional `file_purpose`) → {id}; DELETE /file/{id} (agent-apis.md
// §1.3.1). Kept in memory for this daemon run (a task's `files` name them; a restart forgets them),
// each at most the file chooser's 10 MiB, 100 MiB in all — past that a 413 saying so.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { SmoothError } from './http.ts';

export interface StoredFile { id: string; name: string; mime: string; bytes: Buffer; purpose: string | null; createdAt: number }

const MAX_FILE = 10 * 1024 * 1024;
const MAX_TOTAL = 100 * 1024 * 1024;

export class FileStore {
  #files = new Map<string, StoredFile>();
  get(id: string): StoredFile | undefined { return this.#files.get(id); }
  delete(id: string): boolean { return this.#files.delete(id); }
  clear(): void { this.#files.clear(); }
  #total(): number { let n = 0; for (const f of this.#files.values()) n += f.bytes.length; return n; }

  add(name: string, mime: string, bytes: Buffer, purpose: string | null): StoredFile {
    if (bytes.length > MAX_FILE) throw new SmoothError(413, `file: larger than ${MAX_FILE / 1024 / 1024} MiB, the most a file input takes here`);
    if (this.#total() + bytes.length > MAX_TOTAL) throw new SmoothError(413, `file: the uploads of this run pass ${MAX_TOTAL / 1024 / 1024} MiB; DELETE /file/{id} the ones you no longer need`);
    const f = { id: `file_${randomBytes(12).toString('base64url')}`, name, mime, bytes, purpose, createdAt: Date.now() };
    this.#files.set(f.id, f);
    return f;
  }
}

export async function uploadFile(c: Context, store: FileStore): Promise<{ id: string }> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    throw new SmoothError(400, 'send the file as multipart/form-data with a "file" part (curl: -F file=@notes.pdf)');
  }
  let form: Record<string, unknown>;
  try { form = await c.req.parseBody(); } catch (err) { throw new SmoothError(400, `the multipart body could not be read: ${(err as Error).message}`); }
  const file = form.file;
  if (!(file instanceof File)) throw new SmoothError(422, 'file: required, the multipart part holding the file');
  const purpose = typeof form.file_purpose === 'string' ? form.file_purpose : null;
  const stored = store.add(file.name || 'upload', file.type || 'application/octet-stream', Buffer.from(await file.arrayBuffer()), purpose);
  return { id: stored.id };
}

export function deleteFile(store: FileStore, id: string): true {
  if (!store.delete(id)) throw new SmoothError(404, `no file ${id} (uploaded files last for this abpd run)`);
  return true;
}
