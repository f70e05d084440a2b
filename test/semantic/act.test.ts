// POST /tabs/{id}/act and /wait_for against real Chromium (semantic.md §3, §5): closed shadow roots
// and cross-origin frames acted on, a cookie banner → 409 with its id, focus_id ranking, fill /
// select / check on native and ARIA controls as a person's input would, and the error set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { until } from '../markup/markHelpers.ts';
import { NO_SHOT, ok } from '../support/routeHelpers.ts';
import { act, actOk, observe } from './helpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

async function inFrame<T>(tab: string, expression: string): Promise<T> {
  const [session] = h.daemon.host.getTab(tab).page.frameSessions.values();
  return (await session!.send('Runtime.evaluate', { expression, returnByValue: true })).result.value as T;
}

describe('act (§5)', () => {
  it('fills and clicks inside a closed shadow root and a cross-origin iframe', async () => {
    const src = encodeURIComponent(`${h.fixtures.altOrigin}/pages/semantic/frame-child.html`);
    const tab = await h.openTab(`/pages/semantic/basic.html?oopif=${src}`);
    await until(h, tab, 'window.frameLoaded === true');
    await observe(h, tab);
    const filled = await actOk(h, tab, { agent_id: 'secret_txt', action: 'fill', text: 'hunter2' });
    expect(filled).toMatchObject({ agent_id: 'secret_txt', action: 'fill', rebound: false });
    expect(filled.changed).toEqual([expect.stringMatching(/^~ \[secret_txt\] textbox "Secret" focused value="hunter2"/)]);
    expect(await h.value(tab, 'closedRoot.getElementById("secret").value')).toBe('hunter2');
    await actOk(h, tab, { agent_id: 'shadow_go_btn', action: 'click' });
    expect(await h.value(tab, 'log.includes("click:closed")')).toBe(true); // the event is retargeted to the host
    const typed = await actOk(h, tab, { agent_id: 'f2.child_name_txt', action: 'type', text: 'from afar' });
    expect(typed.point.y).toBeGreaterThan(600);
    expect(await inFrame(tab, 'document.getElementById("child_name").value')).toBe('from afar');
    await actOk(h, tab, { agent_id: 'f2.child_button_btn', action: 'click' });
    expect(await inFrame(tab, 'window.clicked')).toBe(1);
  });

  it('a cookie banner over the target → 409 INTERSTITIAL_BLOCKED with the banner; accepting it clears the way', async () => {
    const tab = await h.openTab('/pages/semantic/banner.html');
    const o = await observe(h, tab);
    const buy = o.elements.find((e: any) => e.agent_id === 'buy_now_btn');
    expect(buy.occluded_by).toBeTruthy();
    const r = await act(h, tab, { agent_id: 'buy_now_btn', action: 'click' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'INTERSTITIAL_BLOCKED', data: { rpc_code: -32004, blocker: { role: 'dialog', name: 'Cookies' } } });
    expect(r.body.data.blocker.agent_id).toBe(buy.occluded_by);
    expect(await h.value(tab, 'window.bought')).toBe(false);
    await actOk(h, tab, { agent_id: 'accept_all_btn', action: 'click' });
    await actOk(h, tab, { agent_id: 'buy_now_btn', action: 'click' });
    expect(await h.value(tab, 'window.bought')).toBe(true);
  });

  it('max_elements=10 with focus_id in the second form of a long page returns that form and its submit', async () => {
    const tab = await h.openTab('/pages/semantic/longforms.html');
    await observe(h, tab, { max_elements: 500 });
    const r = await observe(h, tab, { max_elements: 10, focus_id: 'message_txt' });
    const ids = r.elements.map((e: any) => e.agent_id);
    expect(ids).toHaveLength(10);
    expect(ids).toEqual(expect.arrayContaining(['name_txt', 'message_txt', 'send_message_btn']));
    expect(r.text).toMatch(/\n {2}form "Contact us"\n(?: {4}\[[a-z_]+\] .*\n){2} {4}\[send_message_btn\] button "Send message"/);
    expect(r.omitted[0]).toMatchObject({ region: 'main' });
  });

  it('fill, select and check on native controls fire input/change as a person\'s input would', async () => {
    const tab = await h.openTab('/pages/semantic/controls.html');
    await observe(h, tab);
    await actOk(h, tab, { agent_id: 'name_txt', action: 'fill', text: 'Ada' });
    await actOk(h, tab, { agent_id: 'bio_txt', action: 'type', text: 'Hi' });
    await actOk(h, tab, { agent_id: 'color_sel', action: 'select', value: 'green' });
    await actOk(h, tab, { agent_id: 'i_agree_chk', action: 'check' });
    await actOk(h, tab, { agent_id: 'dog_rad', action: 'check' });
    const again = await actOk(h, tab, { agent_id: 'i_agree_chk', action: 'check' });
    expect(again).toMatchObject({ noop: true });
    expect(await h.value(tab, '[document.getElementById("name").value, bio.value, color.value, agree.checked, dog.checked].join()')).toBe('Ada,Hi,g,true,true');
    const events: string[] = await h.value(tab, 'events');
    expect(events).toEqual(expect.arrayContaining(['input:name:Ada', 'input:color:g', 'change:color:g', 'change:agree:on', 'change:dog:dog']));
    const bad = await act(h, tab, { agent_id: 'color_sel', action: 'select', value: 'purple' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/value: no option "purple"; options: red, green, blue/);
  });

  it('fill, select and check on ARIA controls click and type like a person', async () => {
    const tab = await h.openTab('/pages/semantic/controls.html');
    await observe(h, tab);
    await actOk(h, tab, { agent_id: 'note_txt', action: 'fill', text: 'rich text' });
    expect(await h.value(tab, 'note.textContent')).toBe('rich text');
    const picked = await actOk(h, tab, { agent_id: 'fruit_sel', action: 'select', value: 'Banana' });
    expect(picked.point).toBeTruthy();
    expect(await h.value(tab, 'fruit.textContent')).toBe('Banana');
    await actOk(h, tab, { agent_id: 'size_sel', action: 'select', value: 'Medium' });
    expect(await h.value(tab, 'events.includes("click:size:Medium")')).toBe(true);
    await actOk(h, tab, { agent_id: 'newsletter_chk', action: 'check' });
    expect(await h.value(tab, 'aria_chk.getAttribute("aria-checked")')).toBe('true');
    const un = await actOk(h, tab, { agent_id: 'newsletter_chk', action: 'uncheck' });
    expect(un.noop).toBeUndefined();
    expect(await h.value(tab, 'aria_chk.getAttribute("aria-checked")')).toBe('false');
  });

  it('an action that does not fit the role is 400 naming the allowed ones; bad input names the field', async () => {
    const tab = await h.openTab('/pages/semantic/basic.html');
    await observe(h, tab);
    const r = await act(h, tab, { agent_id: 'search_btn', action: 'fill', text: 'x' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/action: "fill" does not fit button search_btn; allowed: click, /);
    expect(r.body.data).toMatchObject({ rpc_code: -32602, allowed: expect.arrayContaining(['click']) });
    for (const [body, field] of [[{ action: 'click' }, 'agent_id'], [{ agent_id: 'search_btn', action: 'smash' }, 'action'],
      [{ agent_id: 'search_txt', action: 'type' }, 'text'], [{ agent_id: 'search_txt', action: 'press' }, 'key'],
      [{ agent_id: 7, action: 'click' }, 'agent_id'], [{ agent_id: 'search_txt', action: 'scroll', amount: -5 }, 'amount']] as const) {
      const bad = await act(h, tab, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error).toContain(field);
      expect(bad.body.data.rpc_code).toBe(-32602);
    }
    const key = await act(h, tab, { agent_id: 'search_txt', action: 'press', key: 'Control+Nope' });
    expect(key.status).toBe(400);
    expect(key.body.error).toContain('key:');
  });

  it('press, hover, scroll and the envelope around an act', async () => {
    const tab = await h.openTab('/pages/semantic/basic.html');
    await observe(h, tab);
    await actOk(h, tab, { agent_id: 'search_txt', action: 'type', text: 'abc' });
    const env = ok(await h.api('POST', `/tabs/${tab}/act`, { agent_id: 'search_txt', action: 'press', key: 'Enter' }));
    expect(env.screenshot_after).toBeDefined();
    expect(env.settle).toBeDefined();
    expect(await h.value(tab, 'log.includes("submit:search")')).toBe(true);
    await actOk(h, tab, { agent_id: 'home_lnk', action: 'hover' });
    expect(h.daemon.host.getTab(tab).input.mouse).toEqual({ x: expect.any(Number), y: 8 });
  });
});

describe('act behaves like ABP click (dialogs, popups)', () => {
  it('a click that opens an alert returns the envelope with the dialog event; the dialog is answered as usual', async () => {
    const tab = await h.openTab('/pages/dialog.html');
    await observe(h, tab);
    const env = ok(await h.api('POST', `/tabs/${tab}/act`, { agent_id: 'alert_btn', action: 'click', ...NO_SHOT }));
    expect(env.events.map((e: any) => e.type)).toContain('dialog');
    expect(env.result.changed).toBeUndefined(); // the page is blocked: nothing to read
    const refused = await h.api('POST', `/tabs/${tab}/observe`, NO_SHOT);
    expect(refused.status).toBe(409);
    expect(refused.body.data.rpc_code).toBeDefined();
    ok(await h.api('POST', `/tabs/${tab}/dialog/accept`, {}));
    expect((await h.api('POST', `/tabs/${tab}/observe`, NO_SHOT)).status).toBe(200);
  });

  it('a click on a target=_blank link switches to the popup tab as ABP click does', async () => {
    const tab = await h.openTab('/pages/popup.html');
    const o = await observe(h, tab);
    const link = o.elements.find((e: any) => e.role === 'link');
    const env = ok(await h.api('POST', `/tabs/${tab}/act`, { agent_id: link.agent_id, action: 'click', ...NO_SHOT }));
    expect(env).toMatchObject({ tab_changed: true, original_tab_id: tab });
  });
});

describe('wait_for', () => {
  it('waits for an id to appear and for text; times out with 408 and the envelope', async () => {
    const tab = await h.openTab('/pages/semantic/basic.html');
    await observe(h, tab);
    await h.value(tab, 'setTimeout(() => { const b = document.createElement("button"); b.textContent = "Late"; document.body.append(b); }, 300); 1');
    const seen = ok(await h.api('POST', `/tabs/${tab}/wait_for`, { condition: { text: 'Late' }, timeout_ms: 5000, ...NO_SHOT }));
    expect(seen.result.met).toBe(true);
    await observe(h, tab);
    await h.value(tab, 'setTimeout(() => document.querySelector("#go").remove(), 300); 1');
    const gone = ok(await h.api('POST', `/tabs/${tab}/wait_for`, { condition: { agent_id_gone: 'search_btn' }, timeout_ms: 5000, ...NO_SHOT }));
    expect(gone.result.met).toBe(true);
    const late = await h.api('POST', `/tabs/${tab}/wait_for`, { condition: { navigation: true }, timeout_ms: 300, ...NO_SHOT });
    expect(late.status).toBe(408);
    expect(late.body).toMatchObject({ code: 'WAIT_TIMEOUT', data: { rpc_code: -32007 }, result: { met: false } });
    expect(late.body.action_id).toBeDefined();
    const bad = await h.api('POST', `/tabs/${tab}/wait_for`, { condition: { text: 'a', navigation: true } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('condition');
  });
});
