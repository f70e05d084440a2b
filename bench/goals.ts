// The goals, computed from one run (ratios within one run are what is comparable):
// correctness, speed against the baseline, daemon overhead, cost of markup.
import { median } from './stats.ts';
import type { ScenarioResult, VariantResult } from './measure.ts';

export interface GoalCheck { goal: string; pass: boolean; detail: string }

const RATIO_GOAL = 0.5;
const OVERHEAD_GOAL_MS = 30;
const MARKUP_GOAL_MS = 40;

const find = (s: ScenarioResult, id: string): VariantResult | undefined => s.variants.find((v) => v.variant === id);
const allCorrect = (v: VariantResult): boolean => v.correct === v.runs && v.runs > 0;
const ms = (x: number): string => `${x.toFixed(1)} ms`;

/** The fastest Playwright variant that was right every time, if any. */
export function baselineOf(s: ScenarioResult): VariantResult | undefined {
  return s.variants.filter((v) => v.variant.startsWith('pw') && allCorrect(v))
    .sort((a, b) => a.latency_ms.median - b.latency_ms.median)[0];
}

export function checkGoals(results: ScenarioResult[]): GoalCheck[] {
  const checks: GoalCheck[] = [];

  const abpdRows = results.flatMap((s) => s.variants.filter((v) => v.variant.startsWith('abpd')).map((v) => ({ s, v })));
  const wrong = abpdRows.filter(({ v }) => !allCorrect(v));
  checks.push({
    goal: 'abpd 100 % correct in every scenario',
    pass: wrong.length === 0,
    detail: wrong.length === 0 ? `${abpdRows.length} scenario×variant cells, all runs correct`
      : wrong.map(({ s, v }) => `${s.name}/${v.variant} ${v.correct}/${v.runs}`).join('; '),
  });

  for (const s of results) {
    const abpd = find(s, 'abpd');
    const base = baselineOf(s);
    if (!abpd) continue;
    if (!base) {
      checks.push({ goal: `${s.name}: abpd ≤ ${RATIO_GOAL}× baseline`, pass: true, detail: 'n/a: no Playwright variant was correct in every run' });
      continue;
    }
    const ratio = abpd.latency_ms.median / base.latency_ms.median;
    const jpeg = find(s, 'abpd-jpeg');
    const jpegNote = jpeg ? `; abpd jpeg ${ms(jpeg.latency_ms.median)} = ${(jpeg.latency_ms.median / base.latency_ms.median).toFixed(2)}×` : '';
    checks.push({
      goal: `${s.name}: abpd ≤ ${RATIO_GOAL}× baseline`,
      pass: ratio <= RATIO_GOAL,
      detail: `abpd ${ms(abpd.latency_ms.median)} / ${base.variant} ${ms(base.latency_ms.median)} = ${ratio.toFixed(2)}×${jpegNote}`,
    });
  }

  const overheads = results.flatMap((s) => {
    const abpd = find(s, 'abpd');
    return abpd ? [{ name: s.name, inside: abpd.phases.overhead_ms ?? NaN, client: abpd.phases.client_overhead_ms ?? NaN }] : [];
  });
  const worst = [...overheads].sort((a, b) => b.inside - a.inside)[0];
  checks.push({
    goal: `daemon overhead (total − wait − capture) ≤ ${OVERHEAD_GOAL_MS} ms median`,
    pass: overheads.every((o) => o.inside <= OVERHEAD_GOAL_MS),
    detail: worst ? `worst ${worst.name} ${ms(worst.inside)} (seen by the client, with HTTP + JSON: ${ms(worst.client)}); median over scenarios ${ms(median(overheads.map((o) => o.inside)))}` : 'no abpd runs',
  });

  const markup = results.find((s) => s.name === 'markup-screenshot');
  const marked = markup && find(markup, 'abpd');
  const plain = markup && find(markup, 'abpd-plain');
  if (marked && plain) {
    const paired = median(marked.samples.map((s, i) => s.latencyMs - (plain.samples[i]?.latencyMs ?? NaN)).filter(Number.isFinite));
    const extra = marked.latency_ms.median - plain.latency_ms.median;
    checks.push({
      goal: `markup ≤ ${MARKUP_GOAL_MS} ms extra`,
      pass: extra <= MARKUP_GOAL_MS,
      detail: `many.html: markup ${ms(marked.latency_ms.median)} − plain ${ms(plain.latency_ms.median)} = ${ms(extra)} (median of paired differences ${ms(paired)})`,
    });
  }
  return checks;
}
