// Running a checked script against a daemon, one step at a time, in the script's current tab.
import type { DaemonClient, Json } from '../client.ts';
import type { PlannedStep, Script } from './load.ts';
import { frameData, saveToOut, stepFileBase, stripImages, writeImage, writeJson } from './output.ts';
import type { Expectation } from './steps.ts';

export interface RunOptions {
  keepGoing: boolean;
  out?: string;
  /** One JSON line per step, then the summary. */
  emit(line: Json): void;
  /** A human progress line (stderr when it is a terminal). */
  progress?(line: string): void;
}

export interface Summary { file: string; steps: number; passed: number; failed: number; skipped: number; duration_ms: number; tabs: string[]; out?: string }

// An action's own deadline is 30 s and `wait` may ask for 60 s: the HTTP wait must outlast both.
const STEP_TIMEOUT_MS = 150_000;

class StepFailed extends Error {
  constructor(message: string, readonly detail: Json = {}) { super(message); }
}

export class ScriptRun {
  readonly tabs: string[] = [];
  #current: string | null = null;

  constructor(readonly client: DaemonClient) {}

  async #tab(): Promise<string> {
    if (this.#current) return this.#current;
    return this.#openTab();
  }

  async #openTab(): Promise<string> {
    const r = await this.client.call('POST', '/tabs', {});
    if (r.status !== 201 && r.status !== 200) throw new StepFailed(`could not open a tab: HTTP ${r.status} ${String(r.body.error ?? '')}`, { status: r.status, ...r.body });
    const id = String(r.body.id);
    this.tabs.push(id);
    this.#current = id;
    return id;
  }

  async #call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Json> {
    const r = await this.client.call(method, path, body, STEP_TIMEOUT_MS);
    if (r.status >= 300) throw new StepFailed(`HTTP ${r.status}: ${String(r.body.error ?? 'failed')}`, { status: r.status, ...r.body });
    return r.body;
  }

  /** Runs one step; returns its reply (an envelope for actions). Throws StepFailed. */
  async step(step: PlannedStep): Promise<Json> {
    switch (step.kind) {
      case 'route': {
        const reply = await this.#call('POST', `/tabs/${await this.#tab()}/${step.route!.path}`, step.body);
        // A popup the action opened is where the page went: follow it, as an agent would.
        if (reply.tab_changed === true && typeof reply.tab_id === 'string') this.#follow(reply.tab_id);
        return reply;
      }
      case 'new_tab': {
        const id = await this.#openTab();
        const { url, ...rest } = step.body;
        if (url === undefined) return { tab_id: id };
        return this.#call('POST', `/tabs/${id}/navigate`, { url, ...rest });
      }
      case 'switch_tab': {
        const id = step.body.id !== undefined ? String(step.body.id) : this.tabs[step.body.index as number];
        if (!id) throw new StepFailed(`switch_tab: no tab ${String(step.body.index)}; this script has opened ${this.tabs.length}`);
        await this.#call('GET', `/tabs/${id}`);
        this.#follow(id);
        return { tab_id: id };
      }
      case 'close_tab': {
        const id = await this.#tab();
        await this.#call('DELETE', `/tabs/${id}`);
        this.tabs.splice(this.tabs.indexOf(id), 1);
        this.#current = this.tabs.at(-1) ?? null;
        return { closed_tab_id: id, tab_id: this.#current };
      }
      case 'expect': return this.#expect(step.body as Expectation);
    }
  }

  #follow(id: string): void {
    if (!this.tabs.includes(id)) this.tabs.push(id);
    this.#current = id;
  }

  // The page is paused between actions, so what we read here cannot change while we read it:
  // one reading, no polling.
  async #expect(e: Expectation): Promise<Json> {
    const tab = await this.#tab();
    const failures: string[] = [];
    const actual: Json = {};
    if (e.text !== undefined || e.not_text !== undefined || e.selector !== undefined) {
      const r = await this.#call('POST', `/tabs/${tab}/text`, e.selector ? { selector: e.selector } : {});
      const text = r.text as string | null;
      actual.text = text === null ? null : text.length > 300 ? `${text.slice(0, 300)}…` : text;
      const where = e.selector ? `the text of ${e.selector}` : 'the page text';
      if (text === null) failures.push(`no element matches ${e.selector}`);
      else {
        if (e.text !== undefined && !text.includes(e.text)) failures.push(`${JSON.stringify(e.text)} is not in ${where}`);
        if (e.not_text !== undefined && text.includes(e.not_text)) failures.push(`${JSON.stringify(e.not_text)} is in ${where}`);
      }
    }
    if (e.url !== undefined || e.title !== undefined) {
      const info = await this.#call('GET', `/tabs/${tab}`);
      actual.url = info.url;
      actual.title = info.title;
      if (e.url !== undefined && !String(info.url).includes(e.url)) failures.push(`the URL ${JSON.stringify(info.url)} does not contain ${JSON.stringify(e.url)}`);
      if (e.title !== undefined && !String(info.title).includes(e.title)) failures.push(`the title ${JSON.stringify(info.title)} does not contain ${JSON.stringify(e.title)}`);
    }
    if (e.js !== undefined) {
      const r = await this.#call('POST', `/tabs/${tab}/execute`, { script: e.js, screenshot: { area: 'none' } });
      const result = (r.result ?? {}) as Json;
      actual.js = result.type === 'exception' ? result.exception : result.value;
      if (result.type === 'exception') failures.push(`js threw: ${JSON.stringify((result.exception as Json | undefined)?.text)}`);
      else if (!result.value) failures.push(`js ${JSON.stringify(e.js)} is ${JSON.stringify(result.value ?? null)}, not truthy`);
    }
    if (failures.length > 0) throw new StepFailed(`expect: ${failures.join('; ')}`, { actual });
    return { tab_id: tab, expected: e, actual };
  }
}

function saveAsked(step: PlannedStep, reply: Json): Partial<Record<'before' | 'after', string[]>> {
  const saved: Partial<Record<'before' | 'after', string[]>> = {};
  for (const [which, path] of [['after', step.save], ['before', step.saveBefore]] as const) {
    if (!path) continue;
    const frame = frameData(reply, which);
    if (!frame) throw new StepFailed(`save: the reply has no screenshot_${which} (was screenshot.area "none"?)`);
    writeImage(path, frame.data);
    saved[which] = [path];
  }
  return saved;
}

export async function runScript(script: Script, client: DaemonClient, options: RunOptions): Promise<Summary> {
  const started = performance.now();
  const run = new ScriptRun(client);
  let passed = 0;
  let failed = 0;
  const total = script.steps.length;
  for (const step of script.steps) {
    const t0 = performance.now();
    let line: Json;
    try {
      const reply = await run.step(step);
      const saved = saveAsked(step, reply);
      if (options.out) {
        for (const [which, path] of Object.entries(saveToOut(options.out, step.index, step.name, reply))) (saved[which as 'before' | 'after'] ??= []).push(path);
      }
      line = { step: step.index, name: step.name, ok: true, ms: Math.round(performance.now() - t0), ...stripImages(reply, saved) };
      passed += 1;
    } catch (err) {
      const detail = err instanceof StepFailed ? err.detail : {};
      line = { step: step.index, name: step.name, ok: false, ms: Math.round(performance.now() - t0), ...stripImages(detail, {}), error: (err as Error).message };
      failed += 1;
    }
    if (options.out) writeJson(`${stepFileBase(options.out, step.index, step.name)}.json`, line);
    options.emit(line);
    options.progress?.(`[${step.index + 1}/${total}] ${step.name} ${line.ok ? 'ok' : `FAILED: ${String(line.error)}`} (${String(line.ms)} ms)`);
    if (!line.ok && !options.keepGoing) break;
  }
  const summary: Summary = {
    file: script.file, steps: total, passed, failed, skipped: total - passed - failed,
    duration_ms: Math.round(performance.now() - started), tabs: run.tabs, ...(options.out ? { out: options.out } : {}),
  };
  if (options.out) writeJson(`${options.out}/summary.json`, summary);
  return summary;
}
