// The baseline: the same before/after envelope done directly with playwright-core — screenshot,
// action, Playwright's best generic wait, screenshot, scroll metrics — in its own Chromium.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { compareFrames } from './frameDiff.ts';
import type { Backend, Sample, Scenario, ScrollMetrics, Step, Variant } from './types.ts';

type Url = (page: string) => string;

const CHROMIUM = '/usr/bin/chromium';
// The flags the brief names (abpd's launcher uses the same network/background ones).
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const STEP_DEADLINE_MS = 30_000;
const JPEG_QUALITY = 80;

const METRICS = (): ScrollMetrics => ({
  scrollX: window.scrollX, scrollY: window.scrollY,
  pageWidth: document.documentElement.scrollWidth, pageHeight: document.documentElement.scrollHeight,
  viewportWidth: window.innerWidth, viewportHeight: window.innerHeight,
});

async function act(page: Page, step: Step, url: Url): Promise<void> {
  switch (step.kind) {
    case 'click': await page.mouse.click(step.x, step.y); return;
    case 'type': await page.keyboard.type(step.text); return;
    case 'scroll': await page.mouse.move(step.x, step.y); await page.mouse.wheel(0, step.deltaY); return;
    case 'screenshot': return;
    case 'navigate': await page.goto(url(step.path)); return;
  }
}

interface TabRun { latencyMs: number; bytes: number; phases: Record<string, number>; metrics: ScrollMetrics; after: Buffer }

const shot = (page: Page): Promise<Buffer> => page.screenshot({ type: 'jpeg', quality: JPEG_QUALITY });

/** One tab's envelope; a screenshot step is one screenshot (what a client asking for one would do). */
async function envelope(page: Page, scenario: Scenario, variant: Variant, url: Url): Promise<TabRun> {
  const step = scenario.step;
  const t0 = performance.now();
  const before = step.kind === 'screenshot' ? Buffer.alloc(0) : await shot(page);
  const t1 = performance.now();
  await act(page, step, url);
  const t2 = performance.now();
  if (step.kind !== 'screenshot') {
    if (variant.wait === 'oracle') await page.waitForFunction(scenario.check);
    else await page.waitForLoadState(variant.wait ?? 'networkidle');
  }
  const t3 = performance.now();
  const after = await shot(page);
  const t4 = performance.now();
  const metrics = await page.evaluate(METRICS);
  const t5 = performance.now();
  const bytes = before.length + after.length;
  return {
    latencyMs: t5 - t0, bytes, metrics, after,
    phases: { before_screenshot_ms: t1 - t0, action_ms: t2 - t1, wait_ms: t3 - t2, after_screenshot_ms: t4 - t3, metrics_ms: t5 - t4, screenshot_bytes: bytes },
  };
}

/** Undefined when the envelope (and the page right after it) shows the final state. */
async function verdict(scenario: Scenario, page: Page, run: TabRun): Promise<string | undefined> {
  if (scenario.scrollY !== undefined && Math.round(run.metrics.scrollY) !== scenario.scrollY) return `reported scrollY ${run.metrics.scrollY} (want ${scenario.scrollY})`;
  if ((await page.evaluate(scenario.check)) !== true) return 'check false';
  const diff = await compareFrames(run.after, await shot(page));
  return diff.same ? undefined : `after-frame differs from the final state in ${diff.changedPixels} px`;
}

export class PwBackend implements Backend {
  readonly #browser: Browser;
  readonly #context: BrowserContext;
  readonly #url: Url;
  #pages: Page[] = [];

  private constructor(browser: Browser, context: BrowserContext, url: Url) {
    this.#browser = browser;
    this.#context = context;
    this.#url = url;
  }

  static async launch(url: Url): Promise<PwBackend> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: STEP_DEADLINE_MS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    return new PwBackend(browser, context, url);
  }

  version(): string { return this.#browser.version(); }

  async ensureTabs(count: number): Promise<void> {
    while (this.#pages.length < count) {
      const page = await this.#context.newPage();
      page.setDefaultTimeout(STEP_DEADLINE_MS);
      page.setDefaultNavigationTimeout(STEP_DEADLINE_MS);
      this.#pages.push(page);
    }
  }

  async reset(scenario: Scenario, _variant: Variant): Promise<void> {
    await Promise.all(this.#active(scenario).map(async (page) => {
      // An agent's next step comes seconds after the page loaded: let it reach network idle first, or
      // the step's waitForLoadState('networkidle') would be waiting out the reset's own requests.
      await page.goto(this.#url(scenario.page), { waitUntil: 'networkidle' });
      if (scenario.prepare && (await page.evaluate(scenario.prepare)) !== true) throw new Error(`${scenario.name}: prepare did not return true`);
    }));
  }

  async run(scenario: Scenario, variant: Variant): Promise<Sample> {
    const t0 = performance.now();
    const runs = await Promise.all(this.#active(scenario).map((page) => envelope(page, scenario, variant, this.#url)));
    const latencyMs = performance.now() - t0;
    let wrong: string | undefined;
    for (const [i, page] of this.#active(scenario).entries()) wrong ??= await verdict(scenario, page, runs[i]!);
    const phases: Record<string, number> = {};
    for (const key of Object.keys(runs[0]!.phases)) phases[key] = runs.reduce((s, r) => s + r.phases[key]!, 0) / runs.length;
    const bytes = runs.reduce((s, r) => s + r.bytes, 0) / runs.length;
    return { latencyMs, correct: wrong === undefined, bytes, phases, ...(wrong ? { wrong } : {}) };
  }

  async close(): Promise<void> { await this.#browser.close(); }

  /** A page of its own, outside the scenarios' tabs (the observe benchmark). */
  async newPage(): Promise<Page> {
    const page = await this.#context.newPage();
    page.setDefaultTimeout(STEP_DEADLINE_MS);
    return page;
  }

  #active(scenario: Scenario): Page[] { return this.#pages.slice(0, scenario.tabs ?? 1); }
}
