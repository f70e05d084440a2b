// Where a frame's time goes: Page.captureScreenshot of a tab paused under execution control vs one
// that runs freely (--no-pause), per format, and the markup/ pipeline on the captured bytes (decode +
// cursor + encode, or pass-through without a cursor). Interleaved, median / p95 of RUNS.
// Run: npx tsx bench/captureProbe.ts [runs]   (real Chromium x2; numbers drift on a shared box)
import { captureViewport, type CaptureFormat } from '../cdp/capture.ts';
import { renderFrame, type ImageFormat } from '../markup/index.ts';
import { startHarness, type Harness } from '../test/support/daemonHarness.ts';
import { median, p95 } from './stats.ts';

const RUNS = Number(process.argv[2] ?? 20);
const CAP_MS = 3_000;
const PAGE = '/pages/click.html';

const show = (label: string, xs: number[], extra = ''): void => {
  console.log(`${label.padEnd(52)} ${median(xs).toFixed(1).padStart(7)} / ${p95(xs).toFixed(1).padStart(7)} ms${extra}`);
};

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

const harnesses: Harness[] = [];
try {
  const paused = await startHarness();
  harnesses.push(paused);
  const free = await startHarness({ pause: false });
  harnesses.push(free);
  const tabs = { paused: await paused.openTab(PAGE), free: await free.openTab(PAGE) };
  const sessions = { paused: paused.daemon.host.getTab(tabs.paused).page.session, free: free.daemon.host.getTab(tabs.free).page.session };
  console.log(`execution control: paused tab ${JSON.stringify((await paused.api('GET', `/tabs/${tabs.paused}/execution`)).body)}, free tab ${JSON.stringify((await free.api('GET', `/tabs/${tabs.free}/execution`)).body)}`);

  const cases: { label: string; tab: 'paused' | 'free'; format: CaptureFormat }[] = [
    { label: 'capture jpeg q80, paused tab', tab: 'paused', format: 'jpeg' },
    { label: 'capture jpeg q80, free-running tab', tab: 'free', format: 'jpeg' },
    { label: 'capture png (optimizeForSpeed), paused tab', tab: 'paused', format: 'png' },
    { label: 'capture png (optimizeForSpeed), free-running tab', tab: 'free', format: 'png' },
  ];
  const times = new Map<string, number[]>(cases.map((c) => [c.label, []]));
  const stuck = new Map<string, number>(cases.map((c) => [c.label, 0]));
  const sources: Partial<Record<CaptureFormat, Buffer>> = {};
  for (let round = 0; round < RUNS + 2; round++) {
    for (const c of round % 2 === 0 ? cases : [...cases].reverse()) {
      try {
        const { ms, value } = await timed(() => captureViewport(sessions[c.tab], c.format, 80, CAP_MS));
        if (round >= 2) times.get(c.label)!.push(ms);
        sources[c.format] ??= value;
      } catch {
        stuck.set(c.label, stuck.get(c.label)! + 1); // a hung capture: counted, not timed
      }
    }
  }
  for (const c of cases) show(c.label, times.get(c.label)!, stuck.get(c.label) ? `   (${stuck.get(c.label)} hung > ${CAP_MS} ms)` : '');

  // `canvas: true` adds a mark wholly outside the frame: nothing more is drawn, but the frame takes the
  // markup path (decode into JS, draw, encode) instead of the cursor-only sharp pipeline.
  const pipelines: { label: string; source: CaptureFormat; format: ImageFormat; cursor: boolean; canvas?: boolean }[] = [
    { label: 'png → cursor composited + webp q80 e0 (abpd default)', source: 'png', format: 'webp', cursor: true },
    { label: 'png → decode, cursor on canvas, webp q80 e0', source: 'png', format: 'webp', cursor: true, canvas: true },
    { label: 'png → webp q80 e0, no cursor (transcode)', source: 'png', format: 'webp', cursor: false },
    { label: 'jpeg → cursor composited + webp q80 e0', source: 'jpeg', format: 'webp', cursor: true },
    { label: 'png → cursor composited + jpeg q80 (abpd jpeg)', source: 'png', format: 'jpeg', cursor: true },
    { label: 'png → decode, cursor on canvas, jpeg q80', source: 'png', format: 'jpeg', cursor: true, canvas: true },
    { label: 'jpeg → cursor composited + jpeg q80', source: 'jpeg', format: 'jpeg', cursor: true },
    { label: 'jpeg → pass-through, no cursor', source: 'jpeg', format: 'jpeg', cursor: false },
  ];
  const encodeTimes = new Map<string, number[]>(pipelines.map((p) => [p.label, []]));
  const sizes = new Map<string, number>();
  for (let round = 0; round < RUNS + 2; round++) {
    for (const p of round % 2 === 0 ? pipelines : [...pipelines].reverse()) {
      const { ms, value } = await timed(() => renderFrame({ source: sources[p.source]!, grid: false,
        marks: p.canvas ? [{ index: 1, type: 'clickable', box: { x: 9_000, y: 9_000, width: 1, height: 1 } }] : [],
        cursor: p.cursor ? { x: 640, y: 400 } : null, format: p.format, quality: 80 }));
      if (round >= 2) encodeTimes.get(p.label)!.push(ms);
      sizes.set(p.label, value.data.length);
    }
  }
  for (const p of pipelines) show(p.label, encodeTimes.get(p.label)!, `   ${(sizes.get(p.label)! / 1024).toFixed(0)} KB`);
} finally {
  for (const h of harnesses) await h.close();
}
