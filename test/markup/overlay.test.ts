// The marks are drawn onto the frame (never into the page): pixels of the after-frame and of
// GET /screenshot, the virtual cursor, and proof that collecting marks leaves the page untouched
// (no mutations, same DOM, no calls through the page's own prototypes, clock not advanced).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { BLUE, GREEN, ORANGE, PURPLE, click, pixels, shoot, until } from './markHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

async function getShot(tab: string, query: string): Promise<{ status: number; body: any; headers: Headers }> {
  return h.api('GET', `/tabs/${tab}/screenshot?${query}`);
}

describe('after-frame pixels', () => {
  it('draws clickable, typeable, scrollable and selected borders; the before-frame has none', async () => {
    const tab = await h.openTab('/pages/marks.html');
    await click(h, tab, 380, 150); // focus the textarea
    const env = await shoot(h, tab, { markup: ['clickable', 'typeable', 'scrollable', 'selected'] });
    const after = await pixels(env.screenshot_after.data);
    const before = await pixels(env.screenshot_before.data);
    // Borders lie inside the boxes (markup/boxes.ts): b1's left edge x 40-41, t1's at x 40, sc1 dashes from its corner.
    expect(after(40, 60)).toEqual(GREEN);
    expect(after(41, 60)).toEqual(GREEN);
    expect(before(40, 60)).not.toEqual(GREEN);
    expect(after(40, 135)).toEqual(ORANGE);
    expect(after(40, 222)).toEqual(PURPLE);
    expect(after(281, 160)).toEqual(BLUE); // the focused textarea is `selected` (3 px)
    expect(env.screenshot_after.marked_elements.find((m: any) => m.tag === 'textarea').type).toBe('selected');
  });

  it('draws the virtual cursor at cursor.x/y unless screenshot.cursor is false', async () => {
    const tab = await h.openTab('/pages/marks.html');
    await h.api('POST', `/tabs/${tab}/move`, { x: 700, y: 600, screenshot: { area: 'none' } });
    const withCursor = await shoot(h, tab, { markup: ['clickable'] });
    const { x, y } = withCursor.cursor;
    expect([x, y]).toEqual([700, 600]);
    const on = await pixels(withCursor.screenshot_after.data);
    expect(on(x, y)).toEqual([0, 0, 0]); // the arrow's tip (outline)
    expect(on(x + 1, y + 3)).toEqual([255, 255, 255]); // its fill
    const off = await pixels((await shoot(h, tab, { markup: ['clickable'], cursor: false })).screenshot_after.data);
    expect(off(x, y)).toEqual([255, 255, 255]); // the page background
    expect(off(40, 60)).toEqual(GREEN);
  });
});

describe('GET /tabs/{id}/screenshot with markup', () => {
  it('markup=interactive, a list, legacy disable_markup, and none', async () => {
    const tab = await h.openTab('/pages/marks.html');
    const interactive = await getShot(tab, 'markup=interactive&format=png');
    expect(interactive.status).toBe(200);
    expect(interactive.headers.get('content-type')).toBe('image/png');
    const px = await pixels(interactive.body);
    expect([px(40, 60), px(40, 135), px(40, 222)]).toEqual([GREEN, ORANGE, PURPLE]);

    const list = await pixels((await getShot(tab, 'markup=clickable,typeable&format=png')).body);
    expect([px(40, 60), list(40, 135)]).toEqual([GREEN, ORANGE]);
    expect(list(40, 222)).not.toEqual(PURPLE);

    const legacy = await pixels((await getShot(tab, 'disable_markup=grid,selected,scrollable&format=png')).body);
    expect([legacy(40, 60), legacy(40, 135)]).toEqual([GREEN, ORANGE]);
    expect(legacy(40, 222)).not.toEqual(PURPLE);

    const none = await pixels((await getShot(tab, 'disable_markup=true&format=png')).body);
    expect(none(40, 60)).not.toEqual(GREEN);

    const bad = await getShot(tab, 'markup=clickable,buttons');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('buttons');
  });
});

describe('collecting marks never touches the page', () => {
  it('no mutations, same outerHTML, no calls through page prototypes, clock unchanged', async () => {
    const tab = await h.openTab(`/pages/marks.html?frame=${encodeURIComponent(h.fixtures.altOrigin)}`);
    await until(h, tab, 'window.frameLoaded');
    await h.value(tab, `(() => {
      window.__records = [];
      window.__observer = new MutationObserver((r) => window.__records.push(...r));
      window.__observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      const root = document.getElementById('host1').shadowRoot;
      window.__shadowObserver = new MutationObserver((r) => window.__records.push(...r));
      window.__shadowObserver.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      window.__calls = 0;
      for (const [proto, name] of [[Element.prototype, 'getBoundingClientRect'], [Document.prototype, 'elementFromPoint'],
        [ShadowRoot.prototype, 'elementFromPoint'], [Document.prototype, 'querySelectorAll'], [window, 'getComputedStyle']]) {
        const original = proto[name];
        proto[name] = function (...args) { window.__calls++; return original.apply(this, args); };
      }
      window.__globals = 0;
      window.__html = document.documentElement.outerHTML + root.innerHTML;
      window.__globals = Object.getOwnPropertyNames(window).length;
      return true;
    })()`);
    // Actions read the cursor shape through the page's own elementFromPoint/getComputedStyle (cdp/pageState.ts),
    // so calls are compared as deltas: an execute adds a fixed count; a markup frame must add none beyond it.
    const probe = () => h.value<[number, number]>(tab, '[performance.now(), window.__calls]');
    const [t0, c0] = await probe();
    const [t1, c1] = await probe();
    expect(t1).toBe(t0); // reading does not move the paused clock, so the checks below can see a change
    const perRead = c1 - c0;

    expect((await getShot(tab, 'markup=clickable,typeable,scrollable,selected,grid&format=png')).status).toBe(200);
    const [t2, c2] = await probe();
    expect([t2, c2 - c1]).toEqual([t0, perRead]);
    const env = await shoot(h, tab, { markup: ['clickable', 'typeable', 'scrollable', 'selected', 'grid'] });
    expect(env.screenshot_after.marked_elements).toHaveLength(10);
    const [, c3] = await probe();
    expect(c3 - c2).toBe(2 * perRead); // the screenshot action and this read, nothing for the marks

    const check = await h.value(tab, `[
      window.__records.length + window.__observer.takeRecords().length + window.__shadowObserver.takeRecords().length,
      document.documentElement.outerHTML + document.getElementById('host1').shadowRoot.innerHTML === window.__html,
      Object.getOwnPropertyNames(window).length === window.__globals,
    ]`);
    expect(check).toEqual([0, true, true]);
  });
});
