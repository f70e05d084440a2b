// One action at a time per tab (FIFO), tabs in parallel (rest.md §1, §3). Ordering and overlap are
// read from the envelopes' own timestamps, never from how fast anything ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { distinctColours, NO_SHOT, ok } from '../support/routeHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

async function until(check: () => boolean, capMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > capMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('per-tab queue', () => {
  it('two concurrent clicks on one tab run one after the other, in arrival order, and both land', async () => {
    const tab = await h.openTab('/pages/click.html');
    const first = h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, ...NO_SHOT });
    await until(() => h.daemon.host.getTab(tab).queue.busy);
    const second = h.api('POST', `/tabs/${tab}/click`, { x: 300, y: 100, button: 'right', ...NO_SHOT });
    const [a, b] = (await Promise.all([first, second])).map((r) => ok(r));
    expect(b.timing.action_started_ms).toBeGreaterThanOrEqual(a.timing.wait_completed_ms);
    expect(b.profiling.queue_wait_ms).toBeGreaterThan(0);
    expect(await h.value(tab, '[window.clicks, window.contextMenus]')).toEqual([1, 1]);
    // The input of the two actions did not interleave (on Linux contextmenu comes with the press).
    const log = await h.value<string[]>(tab, "window.mouseLog.map((e) => e.type + ':' + e.button)");
    expect(log).toEqual(['mousedown:0', 'mouseup:0', 'click:0', 'mousedown:2', 'contextmenu:2', 'mouseup:2']);
  });

  it('a burst of typing actions on one tab keeps its order', async () => {
    const tab = await h.openTab('/pages/click.html');
    ok(await h.api('POST', `/tabs/${tab}/click`, { x: 150, y: 195, ...NO_SHOT }));
    const words = ['one ', 'two ', 'three ', 'four ', 'five'];
    const requests: Promise<unknown>[] = [];
    let finished = 0;
    for (const text of words) {
      requests.push(h.api('POST', `/tabs/${tab}/type`, { text, ...NO_SHOT }).then((r) => { finished += 1; return r; }));
      // Each request is in the queue before the next is sent, so arrival order is the order above.
      const sent = requests.length;
      await until(() => { const q = h.daemon.host.getTab(tab).queue; return q.waiting + (q.busy ? 1 : 0) + finished >= sent; });
    }
    for (const r of await Promise.all(requests)) ok(r as never);
    expect(await h.value(tab, "document.getElementById('text').value")).toBe(words.join(''));
  });
});

describe('tabs run in parallel', () => {
  it('a slow wait on tab A does not hold up a click on tab B', async () => {
    const a = await h.openTab('/pages/static.html');
    const b = await h.openTab('/pages/click.html');
    const slow = h.api('POST', `/tabs/${a}/wait`, { ms: 3000, ...NO_SHOT });
    await until(() => h.daemon.host.getTab(a).queue.busy);
    const click = ok(await h.api('POST', `/tabs/${b}/click`, { x: 100, y: 100, ...NO_SHOT }));
    const wait = ok(await slow);
    // B started and finished inside A's action.
    expect(click.timing.action_started_ms).toBeGreaterThanOrEqual(wait.timing.action_started_ms);
    expect(click.timing.wait_completed_ms).toBeLessThanOrEqual(wait.timing.wait_completed_ms);
    expect(click.profiling.queue_wait_ms).toBeLessThan(wait.timing.duration_ms);
    expect(await h.value(b, 'window.clicks')).toBe(1);
  });

  it('every tab renders: background tabs give real screenshots', async () => {
    const tabs = [await h.openTab('/pages/static.html'), await h.openTab('/pages/text.html'), await h.openTab('/pages/click.html')];
    const shots = await Promise.all(tabs.map((t) => h.raw('GET', `/tabs/${t}/screenshot?format=png&cursor=false`)));
    for (const r of shots) {
      expect(r.status).toBe(200);
      expect(await distinctColours(Buffer.from(await r.arrayBuffer()))).toBeGreaterThan(2);
    }
    const envs = await Promise.all(tabs.map((t) => h.api('POST', `/tabs/${t}/screenshot`, {})));
    for (const r of envs) expect(ok(r).screenshot_after.width).toBe(1280);
  });
});
