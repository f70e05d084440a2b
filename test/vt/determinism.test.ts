// Determinism (issue 4): the same script of actions, run 20 times on a page with timers, network and
// a CSS animation, shows the same DOM state and the same virtual clock values at every step.
// Compared: the page's own state (timer counters, a log of async steps, rendered text) and the
// virtual clock elapsed since the first action ended. Not compared: compositor-driven animation
// frames (CSS/rAF run on the compositor's real clock; see README "Determinism").
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const RUNS = 20;
const none = { screenshot: { area: 'none' } };

async function runScript(): Promise<string[]> {
  const tab = await h.openTab('/pages/determinism.html');
  const steps: Array<[string, string, unknown]> = [
    ['click go', `/tabs/${tab}/click`, { x: 100, y: 100, ...none }],
    ['wait 300', `/tabs/${tab}/wait`, { ms: 300, ...none }],
    ['click later', `/tabs/${tab}/click`, { x: 300, y: 100, ...none }],
    // Keys, not the wheel: wheel and bare mouse moves are rAF-aligned input, which on an idle paused
    // page needs a woken frame that can move the clock (README "Determinism").
    ['press Tab', `/tabs/${tab}/keyboard/press`, { key: 'Tab', ...none }],
    ['click go again', `/tabs/${tab}/click`, { x: 100, y: 100, ...none }],
    ['wait 1000', `/tabs/${tab}/wait`, { ms: 1000, ...none }],
  ];
  const states = [JSON.stringify(await h.value(tab, 'window.state()'))];
  for (const [name, path, body] of steps) {
    const r = await h.api('POST', path, body);
    expect(r.status, name).toBe(200);
    states.push(`${name}: ${JSON.stringify(await h.value(tab, 'window.state()'))}`);
  }
  await h.api('DELETE', `/tabs/${tab}`);
  return states;
}

it(`the same script gives the same state and clock at every step in ${RUNS} runs`, async () => {
  const first = await runScript();
  // The script really exercised timers, network and the clock (the test could fail otherwise).
  expect(first.at(-1)).toContain('go done 2');
  expect(first.at(-1)).toContain('later done');
  for (let run = 1; run < RUNS; run += 1) {
    expect(await runScript(), `run ${run + 1}`).toEqual(first);
  }
}, 240_000);
