// latest.json (everything, samples included) and latest.md (tables + goal checks + the machine).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselineOf, type GoalCheck } from './goals.ts';
import type { Machine } from './machine.ts';
import type { ScenarioResult } from './measure.ts';

export interface BenchReport { machine: Machine; settings: { runs: number; warmup: number; history: boolean }; scenarios: ScenarioResult[]; goals: GoalCheck[] }

const ABPD_PHASES = ['queue_wait_ms', 'before_screenshot_ms', 'resume_ms', 'action_ms', 'wait_ms', 'pause_ms', 'after_screenshot_ms',
  'total_ms', 'overhead_ms', 'bookkeeping_ms', 'http_json_ms', 'client_overhead_ms'];
const PW_PHASES = ['before_screenshot_ms', 'action_ms', 'wait_ms', 'after_screenshot_ms', 'metrics_ms'];

const f1 = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(1));
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;
const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;

function latencyTable(results: ScenarioResult[]): string[] {
  const lines = [row(['scenario', 'variant', 'median ms', 'p95 ms', '× baseline', 'correct', 'bytes/tab', 'stuck captures']), row(Array(8).fill('---'))];
  for (const s of results) {
    const base = baselineOf(s);
    for (const v of s.variants) {
      const ratio = base && (!v.variant.startsWith('pw') || v.variant === 'pw-oracle') ? `${(v.latency_ms.median / base.latency_ms.median).toFixed(2)}×` : v === base ? 'baseline' : '';
      const correct = `${v.correct}/${v.runs}${v.correct < v.runs ? ' ✗' : ''}`;
      lines.push(row([v === s.variants[0] ? `**${s.name}**` : '', v.label, f1(v.latency_ms.median), f1(v.latency_ms.p95), ratio, correct, kb(v.bytes), v.capture_nudges ?? (v.variant.startsWith('abpd') ? '–' : '')]));
    }
  }
  return lines;
}

function phaseTable(results: ScenarioResult[], prefix: string, phases: string[]): string[] {
  const lines = [row(['scenario', 'variant', ...phases.map((p) => p.replace(/_ms$/, ''))]), row(Array(phases.length + 2).fill('---'))];
  for (const s of results) {
    for (const v of s.variants.filter((x) => x.variant.startsWith(prefix))) {
      lines.push(row([s.name, v.variant, ...phases.map((p) => f1(v.phases[p]))]));
    }
  }
  return lines;
}

function markdown(report: BenchReport): string {
  const { machine, settings } = report;
  const wrongNotes = report.scenarios.flatMap((s) => s.variants.filter((v) => v.wrong.length > 0).map((v) => `- ${s.name} / ${v.variant}: ${v.wrong.join('; ')}`));
  return [
    '# abpd benchmark: latest run',
    '',
    `${machine.date} · \`${machine.command}\` · ${settings.runs} runs after ${settings.warmup} warm-up, A/B interleaved (order rotated each run) · abpd history ${settings.history ? 'on (the default)' : 'off'}`,
    '',
    `Machine: ${machine.nproc} CPUs (\`nproc\`), ${machine.cpu}, ${machine.memory_gib} GiB · ${machine.chromium} (Playwright sees ${machine.playwright_chromium}) · Node ${machine.node} · playwright-core ${machine.playwright_core} · load average ${machine.loadavg_start.join(' / ')} at start, ${machine.loadavg_end?.join(' / ') ?? '?'} at end`,
    '',
    'Latency is one complete step as a client sees it: before-screenshot, action, wait, after-screenshot and scroll metrics. abpd: one HTTP request; its envelope is WebP by default (Playwright cannot encode WebP, so its baseline is JPEG q80; abpd JPEG is shown too). Playwright: `page.screenshot` + `mouse`/`keyboard`/`goto` + `waitForLoadState` + `page.screenshot` + `page.evaluate` of the scroll metrics; the *oracle* variant waits with `waitForFunction(<the final state>)` instead, which no generic client can write (for scale only).',
    '',
    '**Correct** (untimed, the same for both) = right after the step the reported `scrollY` is right (scroll), a page expression says the page is final, and a screenshot taken then matches the step\'s after-frame. **× baseline** = median / the fastest generic Playwright variant that was correct in every run (none: the ratio goal is N/A). **stuck captures** = captures of a paused tab that hung until the daemon released frames (counted with `--daemon-log` only).',
    '',
    ...latencyTable(report.scenarios),
    '',
    '## abpd per-phase profiling (medians, ms)',
    '',
    '`overhead` = total − wait − before/after capture (inside the daemon); `bookkeeping` = overhead − action (the input itself excluded); `http_json` = client latency − total; `client_overhead` = client latency − wait − capture.',
    '',
    ...phaseTable(report.scenarios, 'abpd', ABPD_PHASES),
    '',
    '## Playwright phases (medians, ms)',
    '',
    ...phaseTable(report.scenarios, 'pw', PW_PHASES),
    '',
    ...(wrongNotes.length > 0 ? ['## Wrong runs', '', ...wrongNotes, ''] : []),
    '## Goal checks',
    '',
    ...report.goals.map((g) => `- **${g.status}** ${g.goal}: ${g.detail}`),
    '',
  ].join('\n');
}

export function goalLines(goals: GoalCheck[]): string[] {
  return goals.map((g) => `${g.status.padEnd(4)}  ${g.goal}: ${g.detail}`);
}

export function writeReport(report: BenchReport, outDir: string): { json: string; md: string; text: string } {
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, 'latest.json');
  const md = join(outDir, 'latest.md');
  const text = markdown(report);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, text);
  return { json, md, text };
}
