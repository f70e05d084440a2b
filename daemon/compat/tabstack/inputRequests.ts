// Interactive requests (agent-apis.md §1.4.1 "Interactive input"): which task a requestId belongs to,
// and its life — open for 2 minutes, then expired (the task is told the form was cancelled so it
// moves on); answered once. 404 for an id never issued, 410 for an expired or answered one.
import { TabstackError } from './http.ts';

export const INPUT_EXPIRY_MS = 120_000;
/** How long a settled id is remembered (so a late second answer still gets 410, not 404). */
const REMEMBER_MS = 30 * 60_000;

interface Entry { taskId: string; state: 'open' | 'answered' | 'expired' | 'ended'; timer: NodeJS.Timeout }

export class InputRequests {
  #entries = new Map<string, Entry>();
  /** Tests shorten it; the vendor's default otherwise. */
  expiryMs = INPUT_EXPIRY_MS;

  /** `onExpire` tells the native task (cancelled form) when nobody answered in time. */
  issue(requestId: string, taskId: string, onExpire: () => void): void {
    if (this.#entries.has(requestId)) return;
    const entry: Entry = { taskId, state: 'open', timer: setTimeout(() => {
      entry.state = 'expired';
      onExpire();
      this.#forgetLater(requestId, entry);
    }, this.expiryMs) };
    entry.timer.unref();
    this.#entries.set(requestId, entry);
  }

  /** The task to answer; throws the vendor's 404/410 otherwise. Marks it answered. */
  claim(requestId: string): string {
    const entry = this.#entries.get(requestId);
    if (!entry) throw new TabstackError(404, `no interactive request ${requestId}: it was never issued by this abpd (ids come from interactive:form_data:request events)`);
    if (entry.state === 'expired') throw new TabstackError(410, `interactive request ${requestId} expired: requests are open for ${Math.round(this.expiryMs / 1000)} s`);
    if (entry.state === 'ended') throw new TabstackError(410, `interactive request ${requestId} can no longer be answered: its task has ended`);
    if (entry.state === 'answered') throw new TabstackError(410, `interactive request ${requestId} was already answered`);
    entry.state = 'answered';
    clearTimeout(entry.timer);
    this.#forgetLater(requestId, entry);
    return entry.taskId;
  }

  /** The task ended: its open requests can no longer be answered. */
  closeTask(taskId: string): void {
    for (const [id, entry] of this.#entries) {
      if (entry.taskId === taskId && entry.state === 'open') { entry.state = 'ended'; clearTimeout(entry.timer); this.#forgetLater(id, entry); }
    }
  }

  clear(): void {
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    this.#entries.clear();
  }

  #forgetLater(requestId: string, entry: Entry): void {
    entry.timer = setTimeout(() => this.#entries.delete(requestId), REMEMBER_MS);
    entry.timer.unref();
  }
}
