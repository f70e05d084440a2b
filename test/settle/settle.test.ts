// Every settle case of rest.md §7: the after-frame (and the page state read right after the action)
// shows the page's final state. State is read with `execute`, which does not advance the clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

async function click(tab: string, x: number, y: number) {
  // PNG: lossless, so pixel colours can be compared exactly.
  const r = await h.api('POST', `/tabs/${tab}/click`, { x, y, screenshot: { format: 'png' } });
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return r.body;
}

async function pixel(shot: { data: string }, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(Buffer.from(shot.data, 'base64')).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

describe('settle: the after-frame shows the final state', () => {
  it('static click: DOM change and background colour are in the after-frame', async () => {
    const tab = await h.openTab('/pages/static.html');
    const env = await click(tab, 160, 120);
    expect(await h.value(tab, "document.getElementById('status').textContent")).toBe('clicked');
    expect(await pixel(env.screenshot_after, 5, 700)).toEqual([255, 235, 59]);
    expect(await pixel(env.screenshot_before, 5, 700)).not.toEqual([255, 235, 59]);
  });

  it('click that navigates to a page with slow subresources and a fetch on load', async () => {
    const tab = await h.openTab('/pages/navigate.html');
    const env = await click(tab, 100, 100);
    expect(env.settle.reason).toBe('navigation_loaded');
    expect(await h.value(tab, 'location.pathname')).toBe('/pages/landing.html');
    expect(await h.value(tab, "document.getElementById('fetched').textContent")).toBe('done');
    expect(env.events.some((e: any) => e.type === 'navigation' && e.data.url.endsWith('/pages/landing.html'))).toBe(true);
  });

  it('click that starts a 300 ms fetch and renders its result', async () => {
    const tab = await h.openTab('/pages/fetch.html');
    await click(tab, 100, 100);
    expect(await h.value(tab, "document.getElementById('result').textContent")).toBe('loaded');
  });

  for (const gap of [10, 120, 250]) {
    it(`chained fetches with a ${gap} ms script gap`, async () => {
      const tab = await h.openTab(`/pages/chain.html?gap=${gap}`);
      await click(tab, 100, 100);
      expect(await h.value(tab, "document.getElementById('result').textContent")).toBe('chain done');
    });
  }

  it('three-step chain (100 ms, 250 ms gap, 150 ms, 250 ms gap, 100 ms)', async () => {
    const tab = await h.openTab('/pages/chain.html');
    await click(tab, 300, 100);
    expect(await h.value(tab, "document.getElementById('result').textContent")).toBe('chain3 done');
  });

  it('timer-driven render (setTimeout 300 ms, no network)', async () => {
    const tab = await h.openTab('/pages/timer.html');
    await click(tab, 100, 100);
    expect(await h.value(tab, "document.getElementById('result').textContent")).toBe('timer fired');
  });

  it('pushState route change, and one after a fetch', async () => {
    const tab = await h.openTab('/pages/pushstate.html');
    const env = await click(tab, 100, 100);
    expect(await h.value(tab, "document.getElementById('route').textContent")).toBe('two');
    expect(env.events.some((e: any) => e.type === 'navigation' && e.data.navigation_type === 'same_document')).toBe(true);
    const tab2 = await h.openTab('/pages/pushstate.html');
    await click(tab2, 300, 100);
    expect(await h.value(tab2, 'location.search')).toBe('?route=two');
  });

  it('delayed (setTimeout 200 ms) navigation', async () => {
    const tab = await h.openTab('/pages/delayed-nav.html');
    const env = await click(tab, 100, 100);
    expect(await h.value(tab, 'location.pathname')).toBe('/pages/landing.html');
    expect(await h.value(tab, 'window.landingReady === true')).toBe(true);
    expect(env.settle.reason).toBe('navigation_loaded');
  });

  it('form POST shows the server response', async () => {
    const tab = await h.openTab('/pages/form.html');
    await click(tab, 150, 175);
    expect(await h.value(tab, "document.getElementById('result').textContent")).toBe('POST username=alice');
  });

  it('a request that never ends is reported, and the action still succeeds', async () => {
    const tab = await h.openTab('/pages/static.html');
    await h.value(tab, "document.getElementById('button').onclick = () => fetch('/gate/never-settle-1')");
    const env = await click(tab, 160, 120);
    expect(env.events.some((e: any) => e.type === 'request_tracking_timeout')).toBe(true);
    expect(env.screenshot_after).toBeDefined();
    h.fixtures.gate('never-settle-1').release();
  });
});
