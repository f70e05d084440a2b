// POST/GET/DELETE /profile (agent-apis.md §1.3.1): sessions.md profiles (cookies and storage kept
// across tasks) under the vendor's names: create takes {id?}, records are {id, …}.
import type { SurfaceCall } from './tasks.ts';
import { invalid } from './http.ts';

interface NativeProfile { profile_id: string; name?: string | null; created_at?: number; updated_at?: number; domains?: string[] }

const view = (p: NativeProfile): Record<string, unknown> => ({ id: p.profile_id, ...(p.created_at ? { created_at: p.created_at } : {}), ...(p.domains ? { domains: p.domains } : {}) });

export async function createProfile(s: SurfaceCall, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (body.id !== undefined && body.id !== null && (typeof body.id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(body.id))) {
    throw invalid('id', 'use 1-64 letters, digits, _ or -');
  }
  const p = await s.calls.json<NativeProfile>('POST', '/profiles', body.id ? { id: body.id } : {});
  return view(p);
}

export async function listProfiles(s: SurfaceCall): Promise<Record<string, unknown>[]> {
  const r = await s.calls.json<{ profiles?: NativeProfile[] } | NativeProfile[]>('GET', '/profiles');
  return (Array.isArray(r) ? r : r.profiles ?? []).map(view);
}

export async function deleteProfile(s: SurfaceCall, id: string): Promise<true> {
  await s.calls.json('DELETE', `/profiles/${encodeURIComponent(id)}`);
  return true;
}
