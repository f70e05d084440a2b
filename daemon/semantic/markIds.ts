// marked_elements carry agent_id (semantic.md §4): each marked box is matched to the semantic
// record whose box overlaps it most, from one capture through the tab's registry (an act-style
// capture: it moves bindings on, not the client's +/~ markers).
import type { Tab } from '../tab.ts';
import { absorbTab } from './state.ts';

interface Marked { bounds: { x: number; y: number; width: number; height: number }; agent_id?: string }

const MIN_OVERLAP = 0.5;

function overlap(a: Marked['bounds'], b: Marked['bounds']): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / (a.width * a.height + b.width * b.height - w * h);
}

export async function addAgentIds(tab: Tab, elements: Marked[]): Promise<void> {
  if (elements.length === 0) return;
  try {
    const { capture, result } = await absorbTab(tab);
    const candidates = capture.records.filter((r) => r.kind === 'element' && r.bounds && r.inViewport);
    for (const m of elements) {
      let best: string | undefined; let score = MIN_OVERLAP;
      for (const r of candidates) {
        const s = overlap(m.bounds, r.bounds!);
        if (s > score) { score = s; best = r.key; }
      }
      const entry = best ? result.byKey.get(best) : undefined;
      if (entry) m.agent_id = entry.id;
    }
  } catch (err) {
    tab.log(`marked_elements: agent_ids not added (${(err as Error).message})`);
  }
}
