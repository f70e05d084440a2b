// Envelope events (rest.md §5). Each tab keeps the events that happened since its last action ended;
// the next action on the tab takes them all, so nothing that happens between actions is dropped.
export interface AbpEvent { type: string; virtual_time_ms: number; data: Record<string, unknown> }

const MAX_BUFFERED_EVENTS = 1000;

export class EventBuffer {
  #events: AbpEvent[] = [];
  dropped = 0;

  push(event: AbpEvent): void {
    this.#events.push(event);
    // A tab nobody acts on must not grow without bound; the oldest go first and are counted.
    if (this.#events.length > MAX_BUFFERED_EVENTS) { this.#events.shift(); this.dropped += 1; }
  }

  drain(): AbpEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }
}
