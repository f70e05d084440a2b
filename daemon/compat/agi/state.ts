// One AGI session as this surface keeps it: its vendor UUID, the sessions.md session it lives in,
// the agent name, its webhook, the task the last message started, the pause flag of an idle session
// and what waits behind it. Everything the agent did is in the session's event log, not here.
export interface QueuedMessage { message: string; startUrl?: string }

export interface AgiSession {
  id: string;
  backendId: string;
  agentName: 'agi-0' | 'agi-0-fast';
  webhookUrl: string | null;
  createdAt: string;
  /** Its storage-state profile (sessions.md §5): what a filesystem snapshot keeps. */
  profileId: string;
  taskId: string | null;
  paused: boolean;
  /** Messages sent while the session was paused with no task: started by resume, in order. */
  queued: QueuedMessage[];
  /** Information sent mid-task while nothing was asked: the answer to the agent's next question. */
  info: string[];
  deleted: boolean;
  /** The last status a webhook reported (session.status_changed fires on a change). */
  reportedStatus: string | null;
  /** Message and control calls of one session run one at a time (two quick messages start one task, not two). */
  turn: Promise<unknown>;
}

export interface Snapshot { sessionId: string; profileId: string; mode: 'memory' | 'filesystem'; savedAt: string }

export class AgiState {
  readonly sessions = new Map<string, AgiSession>();
  /** Snapshots by the AGI session id they were saved from (memory ones last as long as the daemon). */
  readonly snapshots = new Map<string, Snapshot>();
  defaultSnapshot: Snapshot | null = null;
  readonly stops: (() => void)[] = [];
}
