// abpd through its HTTP API: one REST call per step returns the whole envelope (before-frame,
// action, settle, after-frame, scroll metrics). Resets and checks are separate, untimed calls.
import type { AbpdProcess, HttpAnswer } from './abpdProcess.ts';
import { compareFrames } from './frameDiff.ts';
import type { Backend, Sample, Scenario, Step, Variant } from './types.ts';

type Url = (page: string) => string;

function screenshotField(step: Step, variant: Variant): Record<string, unknown> {
  const screenshot: Record<string, unknown> = { ...variant.screenshot };
  if (step.kind === 'screenshot' && step.markup && screenshot.markup !== 'none') screenshot.markup = 'interactive';
  return screenshot;
}

function referenceQuery(step: Step, variant: Variant): string {
  const field = screenshotField(step, variant);
  const query = new URLSearchParams({ format: String(field.format ?? 'webp') });
  if (field.markup) query.set('markup', String(field.markup));
  return query.toString();
}

function request(step: Step, variant: Variant, url: Url): { path: string; body: Record<string, unknown> } {
  const screenshot = screenshotField(step, variant);
  switch (step.kind) {
    case 'click': return { path: 'click', body: { x: step.x, y: step.y, screenshot } };
    case 'type': return { path: 'type', body: { text: step.text, screenshot } };
    case 'scroll': return { path: 'scroll', body: { x: step.x, y: step.y, scrolls: [{ delta_px: step.deltaY, direction: 'y' }], screenshot } };
    case 'screenshot': return { path: 'screenshot', body: { screenshot } };
    case 'navigate': return { path: 'navigate', body: { url: url(step.path), screenshot } };
  }
}

/** Time outside settle and capture: what the daemon itself adds (inside it, and as seen by the client). */
function phasesOf(profiling: Record<string, number>, latencyMs: number, bytes: number): Record<string, number> {
  const capture = Math.max(0, profiling.before_screenshot_ms ?? 0) + Math.max(0, profiling.after_screenshot_ms ?? 0);
  const wait = profiling.wait_ms ?? 0;
  return {
    ...profiling,
    overhead_ms: (profiling.total_ms ?? 0) - wait - capture,
    // Without the input itself (typing 50 keys, a wheel landing, Page.navigate's commit are work, not overhead).
    bookkeeping_ms: (profiling.total_ms ?? 0) - wait - capture - (profiling.action_ms ?? 0),
    client_overhead_ms: latencyMs - wait - capture,
    http_json_ms: latencyMs - (profiling.total_ms ?? 0),
    envelope_bytes: bytes,
  };
}

export class AbpdBackend implements Backend {
  readonly #daemon: AbpdProcess;
  readonly #url: Url;
  #tabs: string[] = [];

  readonly #countNudges: boolean;

  /** `countNudges`: the daemon logs at debug level, so stuck captures can be counted. */
  constructor(daemon: AbpdProcess, url: Url, countNudges: boolean) {
    this.#daemon = daemon;
    this.#url = url;
    this.#countNudges = countNudges;
  }

  async ensureTabs(count: number): Promise<void> {
    if (this.#tabs.length === 0) {
      const listed = await this.#call('GET', '/tabs');
      this.#tabs = (listed.body as { id: string }[]).map((t) => t.id);
    }
    while (this.#tabs.length < count) this.#tabs.push((await this.#call('POST', '/tabs', {}, 201)).body.id);
  }

  async reset(scenario: Scenario, variant: Variant): Promise<void> {
    await Promise.all(this.#active(scenario).map(async (tab) => {
      await this.#call('POST', `/tabs/${tab}/navigate`, { url: this.#url(scenario.page), screenshot: { area: 'none' } });
      if (scenario.prepare && (await this.#evaluate(tab, scenario.prepare)) !== true) throw new Error(`${scenario.name}: prepare did not return true`);
      // An agent's step follows the one whose after-frame it looked at: take that look, untimed.
      if (!variant.cold) await this.#call('POST', `/tabs/${tab}/screenshot`, { screenshot: screenshotField(scenario.step, variant) });
    }));
  }

  async run(scenario: Scenario, variant: Variant): Promise<Sample> {
    const { path, body } = request(scenario.step, variant, this.#url);
    const nudgesBefore = this.#daemon.captureNudges;
    const t0 = performance.now();
    const answers = await Promise.all(this.#active(scenario).map(async (tab) => {
      const answer = await this.#daemon.api('POST', `/tabs/${tab}/${path}`, body);
      return { tab, answer, latencyMs: performance.now() - t0 };
    }));
    const latencyMs = performance.now() - t0;
    let wrong: string | undefined;
    const perTab: Record<string, number>[] = [];
    for (const { tab, answer, latencyMs: tabLatency } of answers) {
      wrong ??= await this.#verdict(scenario, variant, tab, answer);
      if (answer.status === 200) perTab.push(phasesOf(answer.body.profiling ?? {}, tabLatency, answer.text.length));
    }
    const bytes = answers.reduce((sum, a) => sum + a.answer.text.length, 0) / answers.length;
    // Read after the checks: the log line can trail the envelope by a little.
    const phases = { ...meanOf(perTab), ...(this.#countNudges ? { capture_nudges: this.#daemon.captureNudges - nudgesBefore } : {}) };
    return { latencyMs, correct: wrong === undefined, bytes, phases, ...(wrong ? { wrong } : {}) };
  }

  async close(): Promise<void> { await this.#daemon.close(); }

  /** Undefined when the envelope (and the page right after it) shows the final state. */
  async #verdict(scenario: Scenario, variant: Variant, tab: string, answer: HttpAnswer): Promise<string | undefined> {
    if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`;
    const settle = `settle ${JSON.stringify(answer.body.settle)}`;
    if (scenario.scrollY !== undefined && Math.round(answer.body.scroll?.scrollY ?? -1) !== scenario.scrollY) {
      return `envelope scrollY ${answer.body.scroll?.scrollY} (want ${scenario.scrollY}; ${settle})`;
    }
    if ((await this.#evaluate(tab, scenario.check)) !== true) return `check false (${settle})`;
    // The page is final now and paused: a screenshot of it is what the after-frame should have shown.
    // GET /screenshot always captures (it never reuses a frame), so the reference is independent.
    const after = answer.body.screenshot_after?.data;
    if (typeof after !== 'string') return 'no screenshot_after';
    const reference = await this.#daemon.raw('GET', `/tabs/${tab}/screenshot?${referenceQuery(scenario.step, variant)}`);
    if (reference.status !== 200) throw new Error(`abpd GET screenshot: HTTP ${reference.status}`);
    const diff = await compareFrames(Buffer.from(after, 'base64'), reference.bytes);
    return diff.same ? undefined : `after-frame differs from the final state in ${diff.changedPixels} px (${settle})`;
  }

  #active(scenario: Scenario): string[] { return this.#tabs.slice(0, scenario.tabs ?? 1); }

  /** execute with no screenshots: it reads the page without moving its clock (rest.md §6). */
  async #evaluate(tab: string, script: string): Promise<unknown> {
    return (await this.#call('POST', `/tabs/${tab}/execute`, { script, screenshot: { area: 'none' } })).body.result?.value;
  }

  async #call(method: string, path: string, body?: unknown, want = 200): Promise<HttpAnswer> {
    const answer = await this.#daemon.api(method, path, body);
    if (answer.status !== want) throw new Error(`abpd ${method} ${path}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
    return answer;
  }
}

function meanOf(rows: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set(rows.flatMap((r) => Object.keys(r)))) {
    const values = rows.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
    out[key] = values.reduce((a, b) => a + b, 0) / values.length;
  }
  return out;
}
