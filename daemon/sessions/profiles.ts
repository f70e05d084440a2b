// Profiles (sessions.md §5) wired into sessions: loaded into a new session's context before its
// first navigation, saved back when it ends (unless read-only), one writer at a time (409), and the
// /api/v1/profiles routes.
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import type { RouteDef } from '../routes/types.ts';
import type { BrowserHost } from '../browserHost.ts';
import { ProfileStore, PROFILE_ID, profileNotFound } from './profileStore.ts';
import { readCookies, readLocalStorage, seedLocalStorage, writeCookies } from './profileState.ts';
import { sessionsOf, type SessionRegistry } from './registry.ts';
import type { Session } from './session.ts';

const stores = new WeakMap<BrowserHost, ProfileStore>();
export function profilesOf(host: BrowserHost): ProfileStore {
  let store = stores.get(host);
  if (!store) { store = new ProfileStore(join(host.config.sessionDir, 'profiles')); stores.set(host, store); }
  return store;
}

export const profileInUse = (id: string, by: string): ApiError =>
  new ApiError(409, 'PROFILE_IN_USE', `Profile ${id} is in use by session ${by}, which may write it. Open it with "profile_read_only": true, or end ${by} first.`).withData({ session_id: by });

/** Before a session is made: the profile exists and, for a writer, nobody else writes it. */
export function checkProfile(registry: SessionRegistry, id: string, readOnly: boolean): void {
  const store = profilesOf(registry.host);
  if (!store.exists(id)) throw profileNotFound(id);
  const writer = store.writers.get(id);
  if (!readOnly && writer && registry.sessions.get(writer)?.live) throw profileInUse(id, writer);
}

export async function saveProfile(registry: SessionRegistry, session: Session): Promise<void> {
  const store = profilesOf(registry.host);
  const profile = session.profile;
  if (!profile || profile.readOnly) return;
  const stored = store.read(profile.id);
  const cookies = await readCookies(session);
  const origins = [...new Set([...stored.origins.map((o) => o.origin), ...session.origins])];
  // A tab of its own to read storage from: the session's tabs keep what they show.
  const reader = await registry.host.createTab(session.contextId).catch(() => null);
  const local = reader ? await readLocalStorage(reader, origins).finally(() => registry.host.closeTab(reader.id).catch(() => undefined)) : stored.origins;
  store.write({ ...stored, cookies, origins: local, updated_at: new Date().toISOString() });
  registry.events.append(session.id, 'profile_saved', { profile_id: profile.id, cookies: cookies.length, origins: local.map((o) => o.origin) });
}

export function installProfiles(registry: SessionRegistry): void {
  const store = profilesOf(registry.host);
  registry.hooks.push({
    async contextCreated(session) {
      if (!session.profile) return;
      if (!session.profile.readOnly) store.writers.set(session.profile.id, session.id);
      await writeCookies(session, store.read(session.profile.id).cookies);
    },
    async firstTab(session, tab) {
      if (!session.profile) return;
      const stored = store.read(session.profile.id);
      await seedLocalStorage(tab, stored.origins);
      registry.events.append(session.id, 'profile_loaded', { profile_id: stored.profile_id, read_only: session.profile.readOnly, cookies: stored.cookies.length, origins: stored.origins.map((o) => o.origin) });
    },
    async beforeEnd(session) {
      if (!session.profile) return;
      try { await saveProfile(registry, session); } finally {
        if (store.writers.get(session.profile.id) === session.id) store.writers.delete(session.profile.id);
      }
    },
    discarded(session) {
      if (session.profile && store.writers.get(session.profile.id) === session.id) store.writers.delete(session.profile.id);
    },
  });
}

export const profileRoutes: RouteDef[] = [
  {
    name: 'create_profile', method: 'POST', path: '/profiles', kind: 'query',
    body: z.object({ id: z.string().regex(PROFILE_ID, 'use 1-64 letters, digits, _ or -').optional(), name: z.string().min(1).max(200).optional() }).loose(),
    summary: 'Create an empty profile (a storage state sessions can load and save).',
    async handle(req, { host }) {
      const store = profilesOf(host);
      const body = req.body as { id?: string; name?: string };
      const id = body.id ?? `prof_${Math.random().toString(36).slice(2, 12)}`;
      if (store.exists(id)) throw new ApiError(409, 'PROFILE_EXISTS', `Profile ${id} exists already; pick another id, or use it with POST /api/v1/sessions {"profile_id": "${id}"}.`);
      const now = new Date().toISOString();
      store.write({ profile_id: id, name: body.name ?? null, created_at: now, updated_at: now, cookies: [], origins: [] });
      return { status: 201, json: { profile_id: id, name: body.name ?? null, created_at: now } };
    },
  },
  {
    name: 'list_profiles', method: 'GET', path: '/profiles', kind: 'query', summary: 'Profiles: domains, sizes, who writes them (never cookie values).',
    async handle(_req, { host }) {
      const store = profilesOf(host);
      return { json: store.ids().flatMap((id) => { try { return [store.summary(id)]; } catch { return []; } }) };
    },
  },
  {
    name: 'get_profile', method: 'GET', path: '/profiles/:id', kind: 'query', summary: 'One profile: the domains it holds cookies for, size, updated_at (never the values).',
    async handle(req, { host }) { return { json: profilesOf(host).summary(req.params.id!) }; },
  },
  {
    name: 'delete_profile', method: 'DELETE', path: '/profiles/:id', kind: 'query', summary: 'Delete a profile (not while a session uses it).',
    async handle(req, { host }) {
      const store = profilesOf(host);
      const id = req.params.id!;
      if (!store.exists(id)) throw profileNotFound(id);
      const user = [...sessionsOf(host).sessions.values()].find((s) => s.live && s.profile?.id === id);
      if (user) throw profileInUse(id, user.id);
      store.remove(id);
      return { json: { profile_id: id, deleted: true } };
    },
  },
];
