// The observe benchmark (issue 15, semantic.md §5): abpd's POST observe on a generated
// ~2,000-element shop page (test/pages/semantic/bench2000.html) beside Playwright's
// `locator('body').ariaSnapshot()` of the same page, in the same run, runs interleaved.
// Reports both medians, the default text form's size against the snapshot's, and whether every
// element a task on that page needs (search, checkout, the cookie banner's button, the first
// product's "Add to cart") is in the default text form.
import type { AbpdProcess } from './abpdProcess.ts';
import type { GoalCheck } from './goals.ts';
import type { PwBackend } from './pwBackend.ts';
import { summarize, type Summary } from './stats.ts';

export const OBSERVE_PAGE = '/pages/semantic/bench2000.html?n=160';
/** Ids a task on the page needs: find a product, add the first to the cart, accept cookies, check out. */
export const TASK_IDS = ['search_products_txt', 'search_btn', 'checkout_lnk', 'accept_all_btn', 'add_to_cart_btn', 'product_0_lnk'];
const MEDIAN_GOAL_MS = 150;
const RATIO_GOAL = 0.25;

export interface ObserveBenchResult {
  page: string;
  dom_elements: number;
  candidates: number;
  abpd_ms: Summary;
  /** The capture + ranking inside the daemon (result.stats.duration_ms). */
  abpd_inner_ms: Summary;
  playwright_aria_ms: Summary;
  text_chars: number;
  aria_chars: number;
  ratio: number;
  missing: string[];
}

export async function runObserveBench(daemon: AbpdProcess, pw: PwBackend, url: (p: string) => string,
  opts: { runs: number; warmup: number; log: (line: string) => void }): Promise<ObserveBenchResult> {
  const created = await daemon.api('POST', '/tabs', {});
  const tab = created.body.id as string;
  const nav = await daemon.api('POST', `/tabs/${tab}/navigate`, { url: url(OBSERVE_PAGE), screenshot: { area: 'none' } });
  if (nav.status !== 200) throw new Error(`observe bench: navigate ${nav.status} ${nav.text.slice(0, 200)}`);
  const page = await pw.newPage();
  await page.goto(url(OBSERVE_PAGE), { waitUntil: 'networkidle' });
  const domElements = await page.evaluate('window.elementCount') as number;
  const abpd: number[] = [], inner: number[] = [], aria: number[] = [];
  let text = '', snapshot = '', candidates = 0;
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const timed = i >= opts.warmup;
    // Alternate who goes first: drift on a shared box lands on both sides alike.
    const steps = [async () => {
      // Untimed: an action that touches the page, so the observe reads it afresh (a capture of a
      // page nothing touched since is reused: that would measure the cache, not the capture).
      await daemon.api('POST', `/tabs/${tab}/execute`, { script: '1', screenshot: { area: 'none' } });
      const t0 = performance.now();
      const r = await daemon.api('POST', `/tabs/${tab}/observe`, { format: 'text', screenshot: { area: 'none' } });
      const ms = performance.now() - t0;
      if (r.status !== 200) throw new Error(`observe bench: observe ${r.status} ${r.text.slice(0, 200)}`);
      text = r.body.result.text as string;
      candidates = r.body.result.stats.candidates as number;
      if (timed) { abpd.push(ms); inner.push(r.body.result.stats.duration_ms as number); }
    }, async () => {
      const t0 = performance.now();
      snapshot = await page.locator('body').ariaSnapshot();
      if (timed) aria.push(performance.now() - t0);
    }];
    if (i % 2 === 1) steps.reverse();
    for (const step of steps) await step();
  }
  await page.close();
  await daemon.api('DELETE', `/tabs/${tab}`);
  const present = new Set([...text.matchAll(/\[([a-z0-9_.]+)\]/g)].map((m) => m[1]));
  const result: ObserveBenchResult = {
    page: OBSERVE_PAGE, dom_elements: domElements, candidates,
    abpd_ms: summarize(abpd), abpd_inner_ms: summarize(inner), playwright_aria_ms: summarize(aria),
    text_chars: text.length, aria_chars: snapshot.length, ratio: Math.round((text.length / snapshot.length) * 1000) / 1000,
    missing: TASK_IDS.filter((id) => !present.has(id)),
  };
  opts.log(`observe: abpd median ${result.abpd_ms.median.toFixed(1)} ms (inside the daemon ${result.abpd_inner_ms.median} ms), `
    + `Playwright ariaSnapshot median ${result.playwright_aria_ms.median.toFixed(1)} ms; text ${result.text_chars} chars vs aria ${result.aria_chars} (${(result.ratio * 100).toFixed(1)} %)`);
  return result;
}

export function observeGoals(r: ObserveBenchResult): GoalCheck[] {
  return [
    { goal: `observe median ≤ ${MEDIAN_GOAL_MS} ms on a ${r.dom_elements}-element page`, status: r.abpd_ms.median <= MEDIAN_GOAL_MS ? 'PASS' : 'FAIL',
      detail: `${r.abpd_ms.median.toFixed(1)} ms (p95 ${r.abpd_ms.p95.toFixed(1)}; ariaSnapshot ${r.playwright_aria_ms.median.toFixed(1)} ms)` },
    { goal: `default text form ≤ ${RATIO_GOAL * 100} % of the aria snapshot (${r.candidates} interactive), task elements present`,
      status: r.ratio <= RATIO_GOAL && r.missing.length === 0 ? 'PASS' : 'FAIL',
      detail: `${r.text_chars} / ${r.aria_chars} chars = ${(r.ratio * 100).toFixed(1)} %${r.missing.length ? `; missing ${r.missing.join(', ')}` : '; all task ids present'}` },
  ];
}
