// POST /tabs/{id}/observe against real Chromium (semantic.md §1): elements of the page, same-origin
// and cross-origin iframes and open and closed shadow roots, with viewport coordinates a click hits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { until } from '../markup/markHelpers.ts';
import { NO_SHOT, ok } from '../support/routeHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const observe = async (tab: string, body: Record<string, unknown> = {}) => ok(await h.api('POST', `/tabs/${tab}/observe`, { ...NO_SHOT, ...body })).result;

async function basicWithFrame(): Promise<string> {
  const src = encodeURIComponent(`${h.fixtures.altOrigin}/pages/semantic/frame-child.html`);
  const tab = await h.openTab(`/pages/semantic/basic.html?oopif=${src}`);
  await until(h, tab, 'window.frameLoaded === true');
  return tab;
}

describe('observe', () => {
  it('lists the page, its shadow roots (open and closed) and both iframes in the text and JSON forms', async () => {
    const tab = await basicWithFrame();
    const r = await observe(tab);
    expect(r.observation_id).toBe('obs_1');
    expect(r.previous_observation_id).toBeNull();
    const ids = r.elements.map((e: any) => e.agent_id);
    expect(ids).toEqual(['home_lnk', 'other_page_lnk', 'search_txt', 'search_btn', 'secret_txt', 'shadow_go_btn', 'open_go_btn',
      'f1.child_name_txt', 'f1.child_button_btn', 'f2.child_name_txt', 'f2.child_button_btn']);
    const lines = r.text.split('\n');
    expect(lines[0]).toMatch(/^page: Semantic Basic — http:\/\/127\.0\.0\.1:\d+\/pages\/semantic\/basic\.html\?oopif=\S+ {3}\(obs_1; 11 elements, 11 shown\)$/);
    expect(lines).toContain('navigation "Main"');
    expect(r.text).toMatch(/\n {4}\[search_txt\] searchbox "Search" required value="" @\d+,\d+\n/);
    expect(r.elements.find((e: any) => e.agent_id === 'f2.child_button_btn')).toMatchObject({ frame: 'f2', role: 'button', in_viewport: true, status: 'new' });
    expect(r.stats).toMatchObject({ candidates: 11, returned: 11, text_chars: r.text.length });
    // Every element line starts with [agent_id] after the marker and indentation.
    for (const line of lines.filter((l: string) => l.includes('['))) expect(line).toMatch(/^[ +~] *\[[a-z0-9_.]+\] /);
  });

  it('@x,y is where a click lands, also after scrolling and inside the cross-origin frame', async () => {
    const tab = await basicWithFrame();
    await h.value(tab, 'document.body.style.height = "3000px"; window.scrollTo(0, 300); 1');
    const r = await observe(tab);
    const btn = r.elements.find((e: any) => e.agent_id === 'f2.child_button_btn');
    expect(btn.center.y).toBeGreaterThan(280);
    expect(btn.center.y).toBeLessThan(330);
    ok(await h.api('POST', `/tabs/${tab}/click`, { x: btn.center.x, y: btn.center.y, ...NO_SHOT }));
    const [session] = h.daemon.host.getTab(tab).page.frameSessions.values();
    const clicked = await session!.send('Runtime.evaluate', { expression: 'window.clicked', returnByValue: true });
    expect(clicked.result.value).toBe(1);
    const search = r.elements.find((e: any) => e.agent_id === 'search_btn');
    expect(search.in_viewport).toBe(false);
    expect(search.center.y).toBeLessThan(0);
  });

  it('an element cut by its frame is centred (and clicked) on the part that shows', async () => {
    const tab = await basicWithFrame();
    await h.value(tab, 'document.getElementById("cross").style.height = "10px"; 1'); // the 21 px button shows 10 px
    const r = await observe(tab);
    const btn = r.elements.find((e: any) => e.agent_id === 'f2.child_button_btn');
    expect(btn.bounds.height).toBeGreaterThan(20);
    expect(btn.center.y).toBe(605);
    ok(await h.api('POST', `/tabs/${tab}/act`, { agent_id: 'f2.child_button_btn', action: 'click', ...NO_SHOT }));
    const [session] = h.daemon.host.getTab(tab).page.frameSessions.values();
    expect((await session!.send('Runtime.evaluate', { expression: 'window.clicked', returnByValue: true })).result.value).toBe(1);
  });

  it('format, id_style short, max_elements and the envelope', async () => {
    const tab = await h.openTab('/pages/semantic/basic.html');
    const env = ok(await h.api('POST', `/tabs/${tab}/observe`, { format: 'text', id_style: 'short', max_elements: 3 }));
    expect(env.screenshot_after).toBeDefined();
    expect(env.result.elements).toBeUndefined();
    expect(env.result.text.split('\n').filter((l: string) => /^[ +~] *\[e\d+\]/.test(l))).toHaveLength(3);
    expect(env.result.text).toMatch(/\n… page: \d+ more/);
    const json = await observe(tab, { format: 'json' });
    expect(json.text).toBeUndefined();
    expect(json.previous_observation_id).toBe('obs_1');
  });

  it('only visible elements: not display:none, visibility:hidden, zero-size, inert or aria-hidden; clickable divs count', async () => {
    const tab = await h.openTab('/pages/semantic/hidden.html');
    const r = await observe(tab);
    expect(r.elements.map((e: any) => e.name)).toEqual(['Visible', 'Card']);
    expect(r.elements[1]).toMatchObject({ kind: 'el', actions: expect.arrayContaining(['click']) });
  });

  it('bad input is a 400 naming the field, with rpc_code', async () => {
    const tab = await h.openTab('/pages/semantic/basic.html');
    for (const [body, field] of [[{ max_elements: 0 }, 'max_elements'], [{ max_elements: 501 }, 'max_elements'], [{ format: 'xml' }, 'format'],
      [{ id_style: 'long' }, 'id_style'], [{ focus_id: 42 }, 'focus_id'], [{ include_context: 'yes' }, 'include_context']] as const) {
      const r = await h.api('POST', `/tabs/${tab}/observe`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toContain(field);
      expect(r.body.data.rpc_code).toBe(-32602);
    }
    const scope = await h.api('POST', `/tabs/${tab}/observe`, { scope: 'nothing_here_btn' });
    expect(scope.status).toBe(404);
    expect(scope.body).toMatchObject({ code: 'ELEMENT_NOT_FOUND', data: { rpc_code: -32001, reason: 'unknown' } });
    const missing = await h.api('POST', '/tabs/NOPE/observe', {});
    expect(missing.status).toBe(404);
    expect(missing.body.data.rpc_code).toBe(-32000); // TAB_NOT_FOUND has no AGENSTAB code of its own
  });
});
