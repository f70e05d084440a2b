// Profiles on disk (sessions.md §5): `<session dir>/profiles/<id>.json`, mode 0600 (cookie values
// are credentials), written atomically (temp file + rename). Only the registry's sessions hold the
// writer lock; the routes never return a cookie value or a stored item.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { Protocol } from 'devtools-protocol';
import { ApiError } from '../errors.ts';

export interface StoredOrigin { origin: string; local_storage: [string, string][] }
export interface ProfileFile {
  profile_id: string; name: string | null; created_at: string; updated_at: string;
  cookies: Protocol.Network.CookieParam[]; origins: StoredOrigin[];
}

export const PROFILE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const profileNotFound = (id: string): ApiError =>
  new ApiError(404, 'PROFILE_NOT_FOUND', `Profile not found: ${id}. Create it with POST /api/v1/profiles {"id": "${id}"} or list them with GET /api/v1/profiles.`);

export class ProfileStore {
  /** profile id → the session writing it (one writer at a time; readers take no lock). */
  readonly writers = new Map<string, string>();

  constructor(readonly dir: string) {}

  #path(id: string): string {
    if (!PROFILE_ID.test(id)) throw new ApiError(400, 'INVALID_PARAMS', 'profile id: use 1-64 letters, digits, _ or -');
    return join(this.dir, `${id}.json`);
  }

  exists(id: string): boolean { return existsSync(this.#path(id)); }

  read(id: string): ProfileFile {
    const path = this.#path(id);
    if (!existsSync(path)) throw profileNotFound(id);
    try { return JSON.parse(readFileSync(path, 'utf8')) as ProfileFile; } catch (err) {
      throw new ApiError(409, 'PROFILE_UNREADABLE', `Profile ${id} could not be read (${(err as Error).message}); delete it with DELETE /api/v1/profiles/${id} and create it again.`);
    }
  }

  write(profile: ProfileFile): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = this.#path(profile.profile_id);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(profile), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  }

  remove(id: string): void { rmSync(this.#path(id), { force: true }); }

  ids(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((id) => PROFILE_ID.test(id)).sort();
  }

  /** What GET /profiles/{id} shows: never a cookie value or a stored item. */
  summary(id: string): Record<string, unknown> {
    const p = this.read(id);
    const domains = [...new Set(p.cookies.map((c) => (c.domain ?? '').replace(/^\./, '')).filter(Boolean))].sort();
    return {
      profile_id: p.profile_id, name: p.name, created_at: p.created_at, updated_at: p.updated_at,
      domains, cookie_count: p.cookies.length, local_storage_origins: p.origins.map((o) => o.origin),
      size_bytes: statSync(this.#path(id)).size, locked_by: this.writers.get(id) ?? null,
    };
  }
}
