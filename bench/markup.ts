// Cost of set-of-marks on test/pages/many.html (200 interactive elements): a POST screenshot action
// with `markup: "interactive"` against the same action without markup, interleaved (order rotated
// each round), median and p95 of 30 after a warm-up; plus element collection alone and per format.
// Run: npx tsx bench/markup.ts   (real Chromium; the numbers drift ±20 % on this shared 2-core box)
import { captureViewport } from '../cdp/capture.ts';
import { collectElements } from '../cdp/elements.ts';
import { renderFrame, type Mark } from '../markup/index.ts';
import { startHarness, type Harness } from '../test/support/daemonHarness.ts';

const RUNS = 30;
const WARMUP = 3;

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const p95 = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!; };
const fmt = (xs: number[]): string => `${median(xs).toFixed(1)} / ${p95(xs).toFixed(1)}`;

interface Sample { total: number; after: number; marks: number }

async function screenshot(h: Harness, tab: string, screenshot: Record<string, unknown>): Promise<Sample> {
  const t = performance.now();
  const r = await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot });
  const total = performance.now() - t;
  if (r.status !== 200) throw new Error(`screenshot: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return { total, after: r.body.profiling.after_screenshot_ms, marks: r.body.screenshot_after.marked_elements?.length ?? 0 };
}

async function compare(h: Harness, tab: string, label: string, base: Record<string, unknown>): Promise<void> {
  const variants: Record<string, Record<string, unknown>> = { plain: base, markup: { ...base, markup: 'interactive' } };
  const samples: Record<string, Sample[]> = { plain: [], markup: [] };
  const names = Object.keys(variants);
  for (let round = 0; round < WARMUP + RUNS; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const s = await screenshot(h, tab, variants[name]!);
      if (round >= WARMUP) samples[name]!.push(s);
    }
  }
  const extra = samples.markup!.map((s, i) => s.total - samples.plain![i]!.total);
  console.log(`${label}: marks ${samples.markup![0]!.marks}`);
  console.log(`  action total     plain ${fmt(samples.plain!.map((s) => s.total))}   markup ${fmt(samples.markup!.map((s) => s.total))}`);
  console.log(`  after_screenshot plain ${fmt(samples.plain!.map((s) => s.after))}   markup ${fmt(samples.markup!.map((s) => s.after))}`);
  console.log(`  EXTRA (median of paired differences / p95): ${fmt(extra)} ms; difference of medians ${(median(samples.markup!.map((s) => s.total)) - median(samples.plain!.map((s) => s.total))).toFixed(1)} ms`);
}

const h = await startHarness();
try {
  const tab = await h.openTab('/pages/many.html');
  const page = h.daemon.host.getTab(tab).page;
  const collect: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t = performance.now();
    const found = await collectElements(page, ['clickable', 'typeable', 'scrollable'], () => undefined);
    if (i >= WARMUP) collect.push(performance.now() - t);
    if (found.length !== 200) throw new Error(`expected 200 marks, got ${found.length}`);
  }
  console.log(`collectElements alone (200 marks): ${fmt(collect)} ms (median / p95)`);
  // Drawing + encoding alone, on a real frame of the page: 200 marks + cursor against the cursor only.
  const source = await captureViewport(page.session, 'png', 80);
  const found = await collectElements(page, ['clickable', 'typeable', 'scrollable'], () => undefined);
  const marks: Mark[] = found.map((e) => ({ index: e.index, type: e.kind, box: e.box }));
  for (const format of ['webp', 'jpeg'] as const) {
    const draw: Record<string, number[]> = { none: [], marks: [] };
    for (let i = 0; i < WARMUP + RUNS; i++) {
      for (const name of i % 2 === 0 ? ['none', 'marks'] : ['marks', 'none']) {
        const t = performance.now();
        await renderFrame({ source, marks: name === 'marks' ? marks : [], grid: false, cursor: { x: 640, y: 400 }, format, quality: 80 });
        if (i >= WARMUP) draw[name]!.push(performance.now() - t);
      }
    }
    console.log(`renderFrame ${format}: cursor only ${fmt(draw.none!)}   200 marks + cursor ${fmt(draw.marks!)} ms`);
  }
  await compare(h, tab, 'webp (default)', {});
  await compare(h, tab, 'jpeg q80', { format: 'jpeg' });
  await compare(h, tab, 'png', { format: 'png' });
} finally {
  await h.close();
}
