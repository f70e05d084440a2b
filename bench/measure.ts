// Runs one scenario: every iteration runs each variant once, in an order rotated per iteration
// (A/B interleaving cancels machine drift between abpd and the baseline). Each run starts from a
// freshly loaded fixture page; the reset and the correctness check are not timed.
import { VARIANTS } from './scenarios.ts';
import { medianOfEach, round, summarize, type Summary } from './stats.ts';
import type { Backend, Sample, Scenario, VariantId } from './types.ts';

/** Untimed pause between the reset (with its look at the page) and the timed step. */
const THINK_MS = 100;

export interface VariantResult {
  variant: VariantId;
  label: string;
  latency_ms: Summary;
  correct: number;
  runs: number;
  /** Median bytes per tab: abpd's JSON envelope, or Playwright's two screenshots. */
  bytes: number;
  /** Median of each phase (abpd: the envelope's profiling + derived overheads). */
  phases: Record<string, number>;
  /** abpd with --daemon-log: captures that hung until the daemon let the paused tab's frames run (sum over the runs). */
  capture_nudges?: number;
  /** Distinct reasons the wrong runs were wrong (a few). */
  wrong: string[];
  samples: Sample[];
}

export interface ScenarioResult { name: string; what: string; tabs: number; variants: VariantResult[] }

export interface MeasureOptions { runs: number; warmup: number; log: (line: string) => void }

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export async function measureScenario(scenario: Scenario, backends: Record<'abpd' | 'pw', Backend>,
  options: MeasureOptions): Promise<ScenarioResult> {
  const tabs = scenario.tabs ?? 1;
  await Promise.all(Object.values(backends).map((b) => b.ensureTabs(tabs)));
  const samples = new Map<VariantId, Sample[]>(scenario.variants.map((v) => [v, []]));
  for (let i = 0; i < options.warmup + options.runs; i += 1) {
    for (const id of rotate(scenario.variants, i)) {
      const variant = VARIANTS[id];
      const backend = backends[variant.backend];
      await backend.reset(scenario, variant);
      // The model reads the last frame before it acts (seconds in practice): both sides idle a
      // little, so background work started by the look (abpd encodes a marked frame's plain twin
      // for the next before-frame) is done, as it would be in a real agent loop.
      await new Promise((r) => setTimeout(r, THINK_MS));
      const t = performance.now();
      // A step that throws (a deadline, a closed page) is a wrong run, timed until it failed.
      const sample = await backend.run(scenario, variant).catch((err: Error): Sample => ({
        latencyMs: performance.now() - t, correct: false, bytes: 0, phases: {}, wrong: `error: ${err.message.split('\n')[0]}`,
      }));
      if (i >= options.warmup) samples.get(id)!.push(sample);
    }
    const done = i + 1 - options.warmup;
    if (done > 0 && (done % 5 === 0 || done === options.runs)) options.log(`  ${scenario.name}: ${done}/${options.runs}`);
  }
  const variants = scenario.variants.map((id): VariantResult => {
    const list = samples.get(id)!;
    const phases = medianOfEach(list.map((s) => s.phases));
    return {
      variant: id, label: VARIANTS[id].label,
      latency_ms: roundSummary(summarize(list.map((s) => s.latencyMs))),
      correct: list.filter((s) => s.correct).length, runs: list.length,
      ...(list.some((s) => s.phases.capture_nudges !== undefined) ? { capture_nudges: list.reduce((sum, s) => sum + (s.phases.capture_nudges ?? 0), 0) } : {}),
      bytes: Math.round(summarize(list.map((s) => s.bytes)).median),
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v)])),
      wrong: [...new Set(list.flatMap((s) => (s.wrong ? [s.wrong] : [])))].slice(0, 3),
      samples: list.map((s) => ({ ...s, latencyMs: round(s.latencyMs), phases: Object.fromEntries(Object.entries(s.phases).map(([k, v]) => [k, round(v)])) })),
    };
  });
  return { name: scenario.name, what: scenario.what, tabs, variants };
}

function roundSummary(s: Summary): Summary { return { median: round(s.median), p95: round(s.p95), n: s.n }; }
