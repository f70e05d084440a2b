// history.db: the schema (column names are ABP's, so its own session viewer can read the file) and
// the connection settings that keep it readable by others and intact after a crash.
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  start_time INTEGER NOT NULL,
  end_time INTEGER,
  browser_version TEXT,
  user_agent TEXT
);
CREATE TABLE IF NOT EXISTS actions (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  tab_id TEXT,
  action_type TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  duration_ms INTEGER,
  params TEXT,
  result TEXT,
  success INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT,
  screenshot_before_path TEXT,
  screenshot_after_path TEXT
);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  tab_id TEXT,
  action_id TEXT,
  event_type TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  data TEXT
);
CREATE INDEX IF NOT EXISTS idx_actions_session ON actions(session_id);
CREATE INDEX IF NOT EXISTS idx_actions_tab ON actions(tab_id);
CREATE INDEX IF NOT EXISTS idx_actions_type ON actions(action_type);
CREATE INDEX IF NOT EXISTS idx_actions_timestamp ON actions(timestamp);
CREATE INDEX IF NOT EXISTS idx_actions_session_timestamp ON actions(session_id, timestamp);
CREATE INDEX IF NOT EXISTS idx_actions_session_id ON actions(session_id, id);
CREATE INDEX IF NOT EXISTS idx_events_session ON events(session_id);
CREATE INDEX IF NOT EXISTS idx_events_tab ON events(tab_id);
CREATE INDEX IF NOT EXISTS idx_events_type ON events(event_type);
CREATE INDEX IF NOT EXISTS idx_events_timestamp ON events(timestamp);
CREATE INDEX IF NOT EXISTS idx_events_session_timestamp ON events(session_id, timestamp);
CREATE INDEX IF NOT EXISTS idx_events_session_id ON events(session_id, id);
CREATE INDEX IF NOT EXISTS idx_events_action ON events(action_id);
`;

export function openHistoryDb(path: string): Db {
  const db = new Database(path);
  try {
    configure(db);
  } catch (err) {
    db.close(); // not a database, or unreadable: the caller decides (runtime.ts moves it aside)
    throw err;
  }
  return db;
}

function configure(db: Db): void {
  // Must precede the first table: lets retention hand freed pages back to the disk.
  db.pragma('auto_vacuum = INCREMENTAL');
  // WAL: external readers (ABP's viewer, sqlite3 CLI) can read while we write; a kill -9 loses only
  // uncommitted transactions. synchronous=NORMAL is durable against a process crash in WAL mode
  // (only an OS crash can drop the last commits) and keeps each insert well under a millisecond.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // A reader holding the lock (a viewer mid-query) must not fail a write; wait briefly instead.
  db.pragma('busy_timeout = 2000');
  db.exec(SCHEMA);
}

/** Bytes the live rows take (freed pages excluded), for the size budget. */
export function liveDbBytes(db: Db): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * pageSize;
}
