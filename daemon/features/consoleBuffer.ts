// Every tab's console output in one bounded ring buffer (ABP §5.15); the oldest entries go first.
import type { ConsoleLevel, ConsoleMessage } from '../../cdp/console.ts';

export interface ConsoleEntry {
  id: number; tab_id: string; level: ConsoleLevel; message: string; source_url: string; line_number: number;
  stack_trace: string; timestamp_ms: number;
}

export const CONSOLE_CAPACITY = 5_000;
const SEVERITY: Record<ConsoleLevel, number> = { verbose: 0, info: 1, warning: 2, error: 3 };

export interface ConsoleQuery { tabId?: string; level?: ConsoleLevel; pattern?: RegExp; afterId?: number; limit: number }

export class ConsoleBuffer {
  #entries: ConsoleEntry[] = [];
  #nextId = 1;

  constructor(readonly capacity = CONSOLE_CAPACITY) {}

  add(tabId: string, m: ConsoleMessage): void {
    this.#entries.push({ id: this.#nextId++, tab_id: tabId, level: m.level, message: m.message, source_url: m.sourceUrl,
      line_number: m.lineNumber, stack_trace: m.stackTrace, timestamp_ms: m.timestampMs });
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
  }

  /**
   * Oldest first. With after_id: the first `limit` entries after it (paging forward); without: the
   * newest `limit` entries. limit ≤ 0 means all.
   */
  query(q: ConsoleQuery): { entries: ConsoleEntry[]; total_buffered: number; oldest_id: number | null } {
    const min = q.level ? SEVERITY[q.level] : 0;
    const matches = this.#entries.filter((e) => (q.tabId === undefined || e.tab_id === q.tabId)
      && SEVERITY[e.level] >= min && (q.afterId === undefined || e.id > q.afterId)
      && (q.pattern === undefined || q.pattern.test(e.message)));
    const limited = q.limit <= 0 ? matches : q.afterId !== undefined ? matches.slice(0, q.limit) : matches.slice(-q.limit);
    return { entries: limited, total_buffered: this.#entries.length, oldest_id: this.#entries[0]?.id ?? null };
  }

  clear(tabId?: string): number {
    const before = this.#entries.length;
    this.#entries = tabId === undefined ? [] : this.#entries.filter((e) => e.tab_id !== tabId);
    return before - this.#entries.length;
  }
}
