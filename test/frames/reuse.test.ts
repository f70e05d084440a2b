// Before-frame reuse (daemon/frameReuse.ts) must never show pixels older than the page: an action
// that changes the page without returning an after-frame (screenshot area "none", execute) must
// make the next action capture again. Fixture: static.html (click at (160,120) turns the body yellow).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const YELLOW = [255, 235, 59];
const PNG = { format: 'png', cursor: false };

async function pixel(shot: { data: string }, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(Buffer.from(shot.data, 'base64')).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

async function act(tab: string, action: string, body: Record<string, unknown>) {
  const r = await h.api('POST', `/tabs/${tab}/${action}`, body);
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return r.body;
}

describe('before-frame reuse', () => {
  it('a click without screenshots is not hidden by the frame before it', async () => {
    const tab = await h.openTab('/pages/static.html');
    const first = await act(tab, 'screenshot', { screenshot: PNG });
    expect(await pixel(first.screenshot_after, 5, 700)).not.toEqual(YELLOW);
    await act(tab, 'click', { x: 160, y: 120, screenshot: { area: 'none' } });
    const next = await act(tab, 'screenshot', { screenshot: PNG });
    expect(await pixel(next.screenshot_before, 5, 700)).toEqual(YELLOW);
    expect(await pixel(next.screenshot_after, 5, 700)).toEqual(YELLOW);
  });

  it('an execute without screenshots that repaints is not hidden by the frame before it', async () => {
    const tab = await h.openTab('/pages/static.html');
    await act(tab, 'screenshot', { screenshot: PNG });
    await act(tab, 'execute', { script: "document.body.style.background = 'rgb(255, 235, 59)'; true", screenshot: { area: 'none' } });
    const next = await act(tab, 'screenshot', { screenshot: PNG });
    expect(await pixel(next.screenshot_before, 5, 700)).toEqual(YELLOW);
    expect(await pixel(next.screenshot_after, 5, 700)).toEqual(YELLOW);
  });

  it('a page that ran (execution resumed, then paused again) is captured again, not reused', async () => {
    const tab = await h.openTab('/pages/static.html');
    // A timer that repaints; with the clock paused it cannot fire.
    await act(tab, 'execute', { script: "setTimeout(() => { document.body.style.background = 'rgb(255, 235, 59)'; }, 100); true", screenshot: { area: 'none' } });
    const seen = await act(tab, 'screenshot', { screenshot: PNG });
    expect(await pixel(seen.screenshot_after, 5, 700)).not.toEqual(YELLOW);
    expect((await h.api('POST', `/tabs/${tab}/execution`, { paused: false })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect((await h.api('POST', `/tabs/${tab}/execution`, { paused: true })).status).toBe(200);
    const next = await act(tab, 'screenshot', { screenshot: PNG });
    expect(await pixel(next.screenshot_before, 5, 700)).toEqual(YELLOW);
    expect(await pixel(next.screenshot_after, 5, 700)).toEqual(YELLOW);
  });

  it('consecutive reads of a paused page return the same pixels, and a change after them shows', async () => {
    const tab = await h.openTab('/pages/static.html');
    const a = await act(tab, 'screenshot', { screenshot: PNG });
    const b = await act(tab, 'screenshot', { screenshot: PNG });
    expect(b.screenshot_before.data).toBe(a.screenshot_after.data);
    expect(b.screenshot_after.data).toBe(a.screenshot_after.data);
    const clicked = await act(tab, 'click', { x: 160, y: 120, screenshot: PNG });
    expect(clicked.screenshot_before.data).toBe(b.screenshot_after.data);
    expect(await pixel(clicked.screenshot_after, 5, 700)).toEqual(YELLOW);
  });
});

describe('repeated reads with markup', () => {
  it('an unchanged page gives the same marks again, and a removed element drops out after a change', async () => {
    const tab = await h.openTab('/pages/marks.html');
    const markup = { markup: ['clickable'], format: 'png', cursor: false };
    const a = await act(tab, 'screenshot', { screenshot: markup });
    const b = await act(tab, 'screenshot', { screenshot: markup });
    expect(b.screenshot_after.data).toBe(a.screenshot_after.data);
    expect(b.screenshot_after.marked_elements).toEqual(a.screenshot_after.marked_elements);
    const count = a.screenshot_after.marked_elements.length;
    expect(count).toBeGreaterThan(3);
    await act(tab, 'execute', { script: "document.getElementById('b1').remove(); true", screenshot: { area: 'none' } });
    const c = await act(tab, 'screenshot', { screenshot: markup });
    expect(c.screenshot_after.marked_elements.length).toBe(count - 1);
    expect(c.screenshot_after.data).not.toBe(a.screenshot_after.data);
    // Other options on the same page: marks collected for them, not the cached frame.
    const d = await act(tab, 'screenshot', { screenshot: { ...markup, markup: ['clickable', 'typeable'] } });
    expect(d.screenshot_after.marked_elements.length).toBeGreaterThan(c.screenshot_after.marked_elements.length);
  });
});

describe('captures saved', () => {
  it('a step after a screenshot of the paused page captures once (its before-frame is that screenshot)', async () => {
    const tab = await h.openTab('/pages/static.html');
    const session = h.daemon.host.getTab(tab).page.session;
    let captures = 0;
    const send = session.send.bind(session);
    session.send = ((method: string, ...rest: unknown[]) => {
      if (method === 'Page.captureScreenshot') captures += 1;
      return (send as (...a: unknown[]) => unknown)(method, ...rest);
    }) as typeof session.send;
    try {
      await act(tab, 'screenshot', { screenshot: PNG }); // first look: one capture for both frames
      expect(captures).toBe(1);
      await act(tab, 'screenshot', { screenshot: PNG }); // unchanged: none
      expect(captures).toBe(1);
      const clicked = await act(tab, 'click', { x: 160, y: 120, screenshot: PNG }); // the after-frame only
      expect(captures).toBe(2);
      expect(await pixel(clicked.screenshot_after, 5, 700)).toEqual(YELLOW);
    } finally {
      session.send = send;
    }
  });
});
