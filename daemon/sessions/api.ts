// The sessions layer as other daemon code uses it (the agent runtime, vendor surfaces): append to a
// session's event log and follow it, read it, mark a running task, resolve ids and aliases. Every
// entry appended here is seen by SSE clients and GET …/events like the daemon's own.
import type { BrowserHost } from '../browserHost.ts';
import type { EventListener, EventQuery, LoggedEvent } from './eventLog.ts';
import { sessionsOf } from './registry.ts';
import type { Session } from './session.ts';

export type { LoggedEvent, EventListener, EventQuery } from './eventLog.ts';
export { sessionsOf, DEFAULT_SESSION } from './registry.ts';

/** Appends `{type, data}` to the session's log (ids are assigned here); returns the entry. */
export function appendSessionEvent(host: BrowserHost, sessionId: string, type: string, data: Record<string, unknown> = {}): LoggedEvent {
  return sessionsOf(host).events.append(sessionId, type, data);
}

/** Live entries of one session from now on; call the returned function to stop. */
export function subscribeSessionEvents(host: BrowserHost, sessionId: string, listener: EventListener): () => void {
  return sessionsOf(host).events.subscribe(sessionId, listener);
}

export function readSessionEvents(host: BrowserHost, sessionId: string, query: EventQuery = {}): LoggedEvent[] {
  return sessionsOf(host).events.list(sessionId, query);
}

/** The live session (404/410 ApiErrors otherwise); aliases resolve to their session. */
export function getSession(host: BrowserHost, idOrAlias: string): Session { return sessionsOf(host).get(idOrAlias); }

/** A task running in the session makes its status `running` (and GET /sessions/{id} shows it). */
export function setSessionTask(host: BrowserHost, sessionId: string, task: Record<string, unknown> | null): void {
  const session = sessionsOf(host).get(sessionId);
  session.task = task;
}

/** Records another id the session is known by on a compat surface (an AGI UUID…). */
export function addSessionAlias(host: BrowserHost, sessionId: string, alias: string): void {
  const registry = sessionsOf(host);
  registry.addAlias(registry.get(sessionId), alias);
}
