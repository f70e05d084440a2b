// The Smooth tasks this daemon serves (in memory: the native tasks and sessions underneath keep their
// own durable logs). A one-shot task is a native task; a `task: null` task is a sessions.md session
// the client drives with events, whose run_task events start native tasks in it. Either way the
// client sees one event list: the surface's own events (results of the client's events, notes) plus
// the native tasks' events, each `{name, payload, id, timestamp}`.
import { randomBytes } from 'node:crypto';
import type { Device } from './request.ts';

export type SmoothStatus = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';
export const TERMINAL: SmoothStatus[] = ['done', 'failed', 'cancelled'];

export interface SmoothEvent { name: string; payload: unknown; id: string; timestamp: number }

export interface SmoothRecord {
  id: string;
  kind: 'task' | 'session';
  /** The one-shot's native task, or the session's run_task tasks (oldest first). */
  nativeTasks: string[];
  sessionId: string | null;
  /** The session loads a writable profile: ending it saves the profile (logins kept for the next task). */
  saveProfile: boolean;
  /** The session's tab the client's browser actions go to (the latest run_task's tab once one ran). */
  tabId: string | null;
  /** Every tab the client's actions used (their downloads are the task's). */
  tabIds: string[];
  device: Device;
  createdAt: number;
  /** A session's own status (a one-shot's comes from its native task). */
  status: SmoothStatus;
  output: unknown;
  own: SmoothEvent[];
  /** The session's settings for the run_task it starts (custom tools, agent). */
  runDefaults: { agent: 'smooth' | 'smooth-lite'; customTools: { name: string; description: string; parameters: Record<string, unknown> }[] };
  /** A graceful close waits until a poll has carried its result event (the SDK reads events only while running). */
  closing: { eventTs: number; seen: boolean; timer: NodeJS.Timeout } | null;
}

const MAX_RECORDS = 5000;
let seq = 0;
/** Own event ids: unique, ordered within a record. */
export function eventId(): string { return `ev_${Date.now().toString(36)}_${(seq++).toString(36)}_${randomBytes(3).toString('hex')}`; }

export class SmoothRecords {
  #byId = new Map<string, SmoothRecord>();

  add(r: SmoothRecord): SmoothRecord {
    this.#byId.set(r.id, r);
    // Bounded: past MAX_RECORDS the oldest one-shots (at most 2× --max-agent-tasks are open, so
    // these have ended; their native tasks stay in tasks.db) and ended sessions are forgotten.
    if (this.#byId.size > MAX_RECORDS) {
      for (const [id, old] of this.#byId) {
        if (this.#byId.size <= MAX_RECORDS) break;
        if (old.kind === 'task' || TERMINAL.includes(old.status)) { if (old.closing) clearTimeout(old.closing.timer); this.#byId.delete(id); }
      }
    }
    return r;
  }
  get(id: string): SmoothRecord | undefined { return this.#byId.get(id); }
  list(): SmoothRecord[] { return [...this.#byId.values()]; }

  note(r: SmoothRecord, name: string, payload: unknown, id = eventId()): SmoothEvent {
    const e = { name, payload, id, timestamp: Date.now() };
    r.own.push(e);
    return e;
  }

  clear(): void { for (const r of this.#byId.values()) if (r.closing) clearTimeout(r.closing.timer); this.#byId.clear(); }
}

export function newSessionId(): string { return `smooth_${randomBytes(12).toString('base64url')}`; }
