// A paused page that nothing has touched cannot have changed (frameReuse.ts makes the same bet for
// pixels): the capture of an observe is reused by the act that follows it, so an observe → act
// step reads the page once before its input, not twice. Any finished action other than a read
// (observe, screenshot) forgets it; so does any request, navigation, load, clock run or cursor move.
import type { DaemonPlugin } from '../plugins.ts';
import { markPage, unchangedSince, type PageMark } from '../frameReuse.ts';
import type { Tab } from '../tab.ts';

const READS = new Set(['observe', 'screenshot']);
const touches = new Map<string, number>();
const kept = new WeakMap<Tab, { value: unknown; mark: PageMark; touch: number }>();

const touchOf = (tab: Tab): number => touches.get(tab.id) ?? 0;

export function markBeforeCapture(tab: Tab): { mark: PageMark; touch: number } {
  return { mark: markPage(tab), touch: touchOf(tab) };
}

export function keep<T>(tab: Tab, value: T, before: { mark: PageMark; touch: number }): void {
  kept.set(tab, { value, ...before });
}

/** The kept capture while the paused page cannot have changed since it was taken. */
export function reuse<T>(tab: Tab): T | undefined {
  const k = kept.get(tab);
  if (!k) return undefined;
  const paused = tab.clock.enabled && tab.clock.paused && !tab.runningFreely;
  if (paused && k.touch === touchOf(tab) && unchangedSince(tab, k.mark) && tab.page.network.allPending().length === 0) return k.value as T;
  kept.delete(tab);
  return undefined;
}

export function forget(tab: Tab): void { kept.delete(tab); }

/** Counts the actions that may have changed a tab's page (the runner tells every finished one). */
export const semanticPlugin: DaemonPlugin = {
  name: 'semantic',
  start(deps) {
    deps.runner.observers.add((record) => {
      if (READS.has(record.type)) return;
      touches.set(record.tabId, (touches.get(record.tabId) ?? 0) + 1);
      if (touches.size > 10_000) touches.delete(touches.keys().next().value!); // closed tabs' counters
    });
  },
};
