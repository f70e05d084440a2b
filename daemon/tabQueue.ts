// One action at a time per tab, first come first served, with a cap on how many may wait.
import { ApiError } from './errors.ts';

export class TabQueue {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;
  #busy = false;

  constructor(readonly cap: number) {}

  get busy(): boolean { return this.#busy; }
  get waiting(): number { return this.#waiting; }

  /** Runs fn when every earlier action on this tab has finished; 429 when too many wait already. */
  async run<T>(fn: (queueWaitMs: number) => Promise<T>): Promise<T> {
    if (this.#waiting >= this.cap) {
      throw new ApiError(429, 'QUEUE_FULL', `Too many queued actions for this tab (${this.cap} waiting). Wait for earlier actions to finish.`);
    }
    const queuedAt = performance.now();
    this.#waiting += 1;
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => { release = resolve; });
    try {
      await previous;
    } finally {
      this.#waiting -= 1;
    }
    this.#busy = true;
    try {
      return await fn(performance.now() - queuedAt);
    } finally {
      this.#busy = false;
      release();
    }
  }
}
