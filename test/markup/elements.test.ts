// Which elements get marks, where, and that each mark's centre is a point where a click hits the
// element: real Chromium on test/pages/marks.html, marks-rules.html and many.html, with the iframes
// both cross-site (out-of-process, own CDP session) and same-origin (walked through contentDocument).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { click, marked, until, type Marked } from './markHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

type Rect = { x: number; y: number; width: number; height: number };
const near = (a: Rect, b: Rect): boolean => ['x', 'y', 'width', 'height'].every((k) => Math.abs(a[k as keyof Rect] - b[k as keyof Rect]) <= 1);
const frameSessions = (tab: string): number => h.daemon.host.getTab(tab).page.frameSessions.size;

async function openMarks(crossSite: boolean): Promise<string> {
  const tab = await h.openTab(`/pages/marks.html${crossSite ? `?frame=${encodeURIComponent(h.fixtures.altOrigin)}` : ''}`);
  await until(h, tab, 'window.frameLoaded');
  return tab;
}

for (const crossSite of [true, false]) {
  describe(`marks.html, ${crossSite ? 'cross-site (out-of-process)' : 'same-origin'} iframe`, () => {
    it('marks exactly the interactive set, in reading order, with the fixture boxes', async () => {
      const tab = await openMarks(crossSite);
      expect(frameSessions(tab)).toBe(crossSite ? 1 : 0); // the iframe really is (not) out of process
      const targets = await h.value<Array<Rect & { id: string }>>(tab, 'window.markTargets()');
      const list = await marked(h, tab);
      const frameUrl = `${crossSite ? h.fixtures.altOrigin : h.fixtures.origin}/pages/frame.html`;
      const expected = [
        ['b1', 'clickable', 'button', 'Button one'], ['b2', 'clickable', 'button', 'Button two'], ['l1', 'clickable', 'a', 'A link'],
        ['d1', 'clickable', 'div', 'Clickable div'], ['t1', 'typeable', 'input', undefined], ['ta1', 'typeable', 'textarea', 'textarea'],
        ['ce1', 'typeable', 'div', 'editable'], ['sc1', 'scrollable', 'div', 'Scrollable content, 400 px tall.'],
        ['shadow-btn', 'clickable', 'button', 'Shadow button'], ['fbtn', 'clickable', 'button', 'Frame button'],
      ] as const;
      expect(list.map((m) => [m.type, m.tag, m.text])).toEqual(expected.map(([, type, tag, text]) => [type, tag, text]));
      expected.forEach(([id], i) => {
        const target = targets.find((t) => t.id === id)!;
        expect(near(list[i]!.bounds, target), `${id}: ${JSON.stringify(list[i]!.bounds)} vs ${JSON.stringify(target)}`).toBe(true);
      });
      expect(list[2]!.href).toBe(`${h.fixtures.url('/pages/marks.html')}${crossSite ? `?frame=${encodeURIComponent(h.fixtures.altOrigin)}` : ''}#l1`);
      expect(list[4]).toMatchObject({ input_type: 'text', placeholder: 'text input' });
      expect(list.filter((m) => m.frame !== undefined).map((m) => [m.text, m.frame])).toEqual([['Frame button', frameUrl]]);
      expect(list.some((m) => m.text === 'Disabled' || m.text === 'Static text only')).toBe(false);
    });

    it('a click at each centre hits its element', async () => {
      const tab = await openMarks(crossSite);
      const list = await marked(h, tab);
      expect(list).toHaveLength(10);
      for (const m of list) await click(h, tab, m.center.x, m.center.y);
      expect(await h.value(tab, 'window.hits')).toEqual({ b1: 1, b2: 1, l1: 1, d1: 1, t1: 1, ta1: 1, ce1: 1, sc1: 1, 'shadow-btn': 1 });
      expect(await h.value(tab, 'window.misses')).toBe(0);
      await until(h, tab, 'window.frameClicks === 1');
    });
  });
}

for (const crossSite of [true, false]) {
  it(`marks-rules.html (${crossSite ? 'cross-site' : 'same-origin'} frames): every rule case marked or not, centres hit`, async () => {
    const tab = await h.openTab(`/pages/marks-rules.html${crossSite ? `?frame=${encodeURIComponent(h.fixtures.altOrigin)}` : ''}`);
    await until(h, tab, 'window.framesLoaded === 3');
    expect(frameSessions(tab)).toBe(crossSite ? 3 : 0);
    const list = await marked(h, tab);
    const expected: Array<[string, string, string, string | undefined, Rect]> = [
      ['lab1', 'clickable', 'label', 'Label for', { x: 20, y: 20, width: 100, height: 30 }],
      ['cb1', 'clickable', 'input', 'Label for', { x: 140, y: 25, width: 20, height: 20 }],
      ['sum1', 'clickable', 'summary', 'Summary', { x: 180, y: 20, width: 120, height: 30 }],
      ['sel1', 'clickable', 'select', 'Option A', { x: 320, y: 20, width: 120, height: 30 }],
      ['rb1', 'clickable', 'div', 'Role button', { x: 460, y: 20, width: 100, height: 30 }],
      ['ti0', 'clickable', 'div', 'Tab zero', { x: 580, y: 20, width: 100, height: 30 }],
      ['ro1', 'clickable', 'input', 'read only', { x: 820, y: 20, width: 120, height: 30 }],
      ['half1', 'clickable', 'button', 'Half covered', { x: 400, y: 80, width: 120, height: 40 }],
      ['ce2', 'typeable', 'div', 'edit bold', { x: 680, y: 80, width: 160, height: 40 }],
      ['sc2', 'scrollable', 'div', 'In scroller Scrolled out', { x: 20, y: 160, width: 200, height: 100 }],
      ['sc2-b1', 'clickable', 'button', 'In scroller', { x: 21, y: 161, width: 100, height: 30 }],
      ['edge1', 'clickable', 'button', 'Edge', { x: 1220, y: 160, width: 60, height: 40 }],
      ['fb', 'clickable', 'button', 'Frame button', { x: 420, y: 320, width: 100, height: 30 }],
      ['fc', 'clickable', 'button', 'Frame button', { x: 795, y: 335, width: 100, height: 30 }],
      ['fi1', 'typeable', 'input', undefined, { x: 20, y: 500, width: 200, height: 30 }],
      ['deep-btn', 'clickable', 'button', 'Deep', { x: 300, y: 500, width: 120, height: 40 }],
    ];
    expect(list.map((m) => [m.type, m.tag, m.text])).toEqual(expected.map(([, type, tag, text]) => [type, tag, text]));
    expected.forEach(([id, , , , box], i) => expect(near(list[i]!.bounds, box), `${id}: ${JSON.stringify(list[i]!.bounds)}`).toBe(true));
    const byId = new Map(expected.map(([id], i) => [id, list[i]!]));
    expect(byId.get('rb1')!.role).toBe('button');
    expect(byId.get('cb1')!.input_type).toBe('checkbox');
    expect(byId.get('half1')!.center.x).toBeGreaterThanOrEqual(484); // its centre is under #cover2
    expect(byId.get('fb')!.center.x).toBeGreaterThanOrEqual(480); // likewise under #cover-fb (a parent element over the frame)
    expect(byId.get('fc')!.center).toEqual({ x: 845, y: 350 }); // iframe border + padding
    expect(byId.get('fb')!.frame).toBe(`${crossSite ? h.fixtures.altOrigin : h.fixtures.origin}/pages/frame.html`);

    for (const id of ['half1', 'edge1', 'deep-btn', 'sc2-b1', 'ti0', 'fb', 'fc']) await click(h, tab, byId.get(id)!.center.x, byId.get(id)!.center.y);
    expect(await h.value(tab, 'window.hits')).toEqual({ half1: 1, edge1: 1, 'deep-btn': 1, 'sc2-b1': 1, ti0: 1 });
    await until(h, tab, 'window.frameClicks.fb === 1 && window.frameClicks.fc === 1');
    expect(await h.value(tab, 'window.frameClicks.fa')).toBe(0);
  });
}

describe('selected: the focused element', () => {
  it('is marked once, as selected, in the top document and inside an out-of-process frame', async () => {
    const tab = await h.openTab(`/pages/marks-rules.html?frame=${encodeURIComponent(h.fixtures.altOrigin)}`);
    await until(h, tab, 'window.framesLoaded === 3');
    expect(await marked(h, tab, ['selected'])).toEqual([]); // nothing focused yet
    await click(h, tab, 120, 515);
    const only = await marked(h, tab, ['selected']);
    expect(only.map((m) => [m.type, m.tag, m.placeholder, m.bounds])).toEqual([['selected', 'input', 'focus me', { x: 20, y: 500, width: 200, height: 30 }]]);
    const typeable = await marked(h, tab, ['typeable', 'selected']);
    expect(typeable.map((m) => [m.type, m.tag])).toEqual([['typeable', 'div'], ['selected', 'input']]);

    await click(h, tab, 845, 350); // focuses the button inside frame #fc
    const inFrame = await marked(h, tab, ['selected']);
    expect(inFrame.map((m) => [m.type, m.text, m.bounds, m.frame])).toEqual([['selected', 'Frame button', { x: 795, y: 335, width: 100, height: 30 }, `${h.fixtures.altOrigin}/pages/frame.html`]]);
  });
});

it('many.html: 200 elements, indices in reading order, then a navigation in the same tab', async () => {
  const tab = await h.openTab('/pages/marks.html');
  expect(await marked(h, tab, 'interactive')).toHaveLength(10);
  const nav = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/many.html'), screenshot: { markup: 'interactive', format: 'jpeg' } });
  expect(nav.status).toBe(200);
  const list: Marked[] = nav.body.screenshot_after.marked_elements;
  expect(list.map((m) => m.text)).toEqual(Array.from({ length: 200 }, (_, i) => `${'BLI'[i % 3]}${i}`));
  expect(list.map((m) => m.type)).toEqual(Array.from({ length: 200 }, (_, i) => (i % 3 === 2 ? 'typeable' : 'clickable')));
  list.forEach((m, i) => expect(m.center).toEqual({ x: (i % 20) * 64 + 32, y: Math.floor(i / 20) * 80 + 40 }));
});
