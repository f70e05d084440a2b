// AGI sessions CRUD (agent-apis.md §1.2.1) onto sessions.md: each AGI session is a sessions.md
// session (labelled compat=agi, its UUID an alias) with a storage-state profile of its own, so a
// filesystem snapshot is that profile kept at DELETE and a restore is a copy of it loaded into the
// new session's context before its first page (sessions.md §5).
import { randomUUID } from 'node:crypto';
import { addSessionAlias } from '../../sessions/api.ts';
import { profilesOf } from '../../sessions/profiles.ts';
import { badRequest, AgiError, checkHttpUrl, optionalString } from './http.ts';
import type { AgiSession, Snapshot } from './state.ts';
import type { Surface } from './surface.ts';
import { sessionStatus } from './status.ts';

const AGENTS = new Set(['agi-0', 'agi-0-fast']);

/** The port a Host header names (the daemon's own, as this client reached it). */
function portOf(hostHeader: string | undefined): string | null {
  const m = /:(\d{1,5})$/.exec(hostHeader ?? '');
  return m ? m[1]! : null;
}

function checkWebhook(surface: Surface, value: unknown, selfHost: string | undefined): string | null {
  if (value === undefined || value === null) return null;
  const url = checkHttpUrl(value, 'webhook_url');
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  // A webhook into abpd's own API would be a request nobody typed (e.g. POST /api/v1/browser/shutdown).
  if (loopback && (port === portOf(selfHost) || port === String(surface.deps.config.port))) {
    throw badRequest(`webhook_url: points at this abpd itself (port ${port}); send webhooks to a receiver of your own`);
  }
  if (!loopback && !surface.deps.config.allowWebhookHosts.includes(host)) {
    throw badRequest(`webhook_url: ${host} is not a loopback host; abpd only posts webhooks to 127.0.0.1/localhost/::1 unless started with --allow-webhook-host ${host}`);
  }
  return url;
}

function snapshotOf(surface: Surface, sessionId: string): Snapshot | null {
  const kept = surface.state.snapshots.get(sessionId);
  if (kept) return kept;
  // A filesystem snapshot outlives the daemon: its profile is on disk (a live session has none yet).
  const profileId = `agi-${sessionId}`;
  if (surface.state.sessions.has(sessionId) || !/^[0-9a-f-]{36}$/.test(sessionId) || !profilesOf(surface.deps.host).exists(profileId)) return null;
  return { sessionId, profileId, mode: 'filesystem', savedAt: '' };
}

export function publicSession(surface: Surface, s: AgiSession, status: string): Record<string, unknown> {
  return { session_id: s.id, vnc_url: `${surface.origin()}/ui/sessions/${s.backendId}`, agent_name: s.agentName, status, created_at: s.createdAt };
}

export async function createSession(surface: Surface, body: Record<string, unknown>, selfHost?: string): Promise<Record<string, unknown>> {
  const agentName = optionalString(body, 'agent_name') ?? 'agi-0';
  if (!AGENTS.has(agentName)) throw badRequest(`agent_name: unknown agent "${agentName}"; use agi-0 (abpd's --llm-model) or agi-0-fast (--llm-model-fast)`);
  const webhookUrl = checkWebhook(surface, body.webhook_url, selfHost);
  if (body.enable_memory_snapshot !== undefined && typeof body.enable_memory_snapshot !== 'boolean') throw badRequest('enable_memory_snapshot: must be true or false');
  const restoreFrom = optionalString(body, 'restore_from_session_id');
  const restoreUser = optionalString(body, 'restore_default_environment_from_user_id');
  let source: Snapshot | null = null;
  if (restoreFrom) {
    source = snapshotOf(surface, restoreFrom);
    if (!source) throw new AgiError(404, 'Snapshot not found', `restore_from_session_id: session ${restoreFrom} left no snapshot; delete a session with ?save_snapshot_mode=filesystem (or memory) to keep one.`);
  } else if (restoreUser) {
    source = surface.state.defaultSnapshot;
    if (!source) throw new AgiError(404, 'Snapshot not found', 'restore_default_environment_from_user_id: no default environment was saved; delete a session with ?save_snapshot_mode=filesystem&save_as_default=true first.');
  }
  const id = randomUUID();
  const profileId = `agi-${id}`;
  await surface.calls.json('POST', '/profiles', { id: profileId, name: `AGI session ${id}` });
  if (source) {
    const store = profilesOf(surface.deps.host);
    const from = store.read(source.profileId);
    store.write({ ...from, profile_id: profileId, name: `AGI session ${id} (restored from ${source.sessionId})`, updated_at: new Date().toISOString() });
  }
  let created: { session_id: string };
  try {
    created = await surface.calls.json<{ session_id: string }>('POST', '/sessions', { profile_id: profileId, labels: { compat: 'agi', agi_session_id: id, agent_name: agentName } });
  } catch (err) {
    await surface.calls.reply('DELETE', `/profiles/${profileId}`).catch(() => undefined);
    throw err;
  }
  addSessionAlias(surface.deps.host, created.session_id, id);
  const s: AgiSession = { id, backendId: created.session_id, agentName: agentName as AgiSession['agentName'], webhookUrl, createdAt: new Date().toISOString(),
    profileId, taskId: null, paused: false, queued: [], info: [], deleted: false, reportedStatus: 'ready', turn: Promise.resolve() };
  surface.state.sessions.set(id, s);
  surface.webhook(s, 'session.created', { status: 'ready', agent_name: agentName, ...(source ? { restored_from: source.sessionId } : {}) });
  return publicSession(surface, s, 'ready');
}

export async function listSessions(surface: Surface): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const s of surface.state.sessions.values()) {
    if (s.deleted) continue;
    out.push({ session_id: s.id, agent_name: s.agentName, status: await sessionStatus(surface, s), created_at: s.createdAt });
  }
  return out;
}

export async function getSession(surface: Surface, s: AgiSession): Promise<Record<string, unknown>> {
  return publicSession(surface, s, await sessionStatus(surface, s));
}

const MODES = new Set(['none', 'memory', 'filesystem']);

export async function deleteSession(surface: Surface, s: AgiSession, query: Record<string, string | undefined>): Promise<Record<string, unknown>> {
  const mode = query.save_snapshot_mode ?? 'none';
  if (!MODES.has(mode)) throw badRequest(`save_snapshot_mode: "${mode}" is not one of none, memory, filesystem`);
  const asDefault = query.save_as_default;
  if (asDefault !== undefined && asDefault !== 'true' && asDefault !== 'false') throw badRequest('save_as_default: must be true or false');
  if (s.taskId) await surface.calls.reply('POST', `/tasks/${s.taskId}/cancel`).catch(() => undefined);
  // The profile is saved as the context ends (its cookies, and localStorage of the origins it showed).
  await surface.calls.json('DELETE', `/sessions/${s.backendId}?save_profile=true`);
  s.deleted = true;
  surface.state.sessions.delete(s.id);
  if (mode === 'none') {
    await surface.calls.reply('DELETE', `/profiles/${s.profileId}`).catch(() => undefined);
  } else {
    const snap: Snapshot = { sessionId: s.id, profileId: s.profileId, mode: mode as Snapshot['mode'], savedAt: new Date().toISOString() };
    surface.state.snapshots.set(s.id, snap);
    if (asDefault === 'true') surface.state.defaultSnapshot = snap;
  }
  surface.webhook(s, 'session.deleted', { save_snapshot_mode: mode });
  return { success: true, message: 'Session deleted successfully', ...(mode !== 'none' ? { snapshot: { mode, saved_as_default: asDefault === 'true' } } : {}) };
}
