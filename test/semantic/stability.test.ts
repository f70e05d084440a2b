// semantic.md §5 against real Chromium: ids survive re-renders, reorders and label changes;
// look-alikes get container-qualified ids and ordinals; navigation makes ids stale with candidates;
// the markers are right across three observes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { act, actOk, byId, observe } from './helpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const EXPECTED = ['add_to_cart_btn', 'billing_email_txt', 'billing_save_btn', 'shipping_email_txt', 'shipping_save_btn',
  'row_alice_delete_btn', 'row_bob_delete_btn', 'row_carol_delete_btn', 'remove_btn', 'remove_btn_2'];

describe('stable ids (§5)', () => {
  it('identical forms get container-qualified ids; re-render (outerHTML = outerHTML) keeps every id', async () => {
    const tab = await h.openTab('/pages/semantic/stability.html');
    const first = await observe(h, tab);
    expect(first.elements.map((e: any) => e.agent_id)).toEqual(EXPECTED);
    await h.value(tab, 'rerender()');
    const second = await observe(h, tab);
    expect(second.elements.map((e: any) => e.agent_id)).toEqual(EXPECTED);
    expect(second.text).not.toMatch(/^[+~]/m);
    expect(second.removed).toEqual([]);
  });

  it('a re-rendered, reordered list keeps each Delete id with its row (acting on it deletes that row)', async () => {
    const tab = await h.openTab('/pages/semantic/stability.html');
    await observe(h, tab);
    await h.value(tab, 'reorderRows()');
    const r = await observe(h, tab);
    const rows = r.elements.filter((e: any) => e.agent_id.startsWith('row_')).map((e: any) => [e.agent_id, e.container.name]);
    expect(rows).toEqual([['row_carol_delete_btn', 'Carol Delete'], ['row_alice_delete_btn', 'Alice Delete'], ['row_bob_delete_btn', 'Bob Delete']]);
    await actOk(h, tab, { agent_id: 'row_alice_delete_btn', action: 'click' });
    expect(await h.value(tab, 'window.deleted')).toBe('Alice');
  });

  it('a label change keeps the id, marked ~; a third identical button keeps _2 and is _3', async () => {
    const tab = await h.openTab('/pages/semantic/stability.html');
    await observe(h, tab);
    await h.value(tab, 'relabel(); appendDelete()');
    const r = await observe(h, tab);
    expect(byId(r).add_to_cart_btn).toBe('Added to cart');
    expect(r.text).toMatch(/^~ \[add_to_cart_btn\] button "Added to cart"/m);
    expect(r.text).toMatch(/^ {2}\[remove_btn_2\] button "Remove"/m);
    expect(r.text).toMatch(/^\+ \[remove_btn_3\] button "Remove"/m);
  });

  it('+, ~ and removed are right across three observes', async () => {
    const tab = await h.openTab('/pages/semantic/stability.html');
    const o1 = await observe(h, tab);
    expect(o1.text).not.toMatch(/^[+~]/m);
    await h.value(tab, 'relabel(); document.querySelectorAll("form button")[1].remove(); appendDelete()');
    const o2 = await observe(h, tab);
    expect(o2.previous_observation_id).toBe(o1.observation_id);
    expect(o2.text.split('\n').filter((l: string) => /^[+~]/.test(l))).toEqual([
      '~ [add_to_cart_btn] button "Added to cart" ' + o2.text.match(/add_to_cart_btn\] button "Added to cart" (@\d+,\d+)/)![1],
      expect.stringMatching(/^\+ \[remove_btn_3\] button "Remove" @/),
    ]);
    expect(o2.removed).toEqual(['shipping_save_btn']);
    expect(o2.text).toMatch(/\nremoved: shipping_save_btn$/);
    const o3 = await observe(h, tab);
    expect(o3.text).not.toMatch(/^[+~]/m);
    expect(o3.removed).toEqual([]);
    expect(o3.elements.map((e: any) => e.status)).toEqual(o3.elements.map(() => 'same'));
  });

  it('act on an id whose node a re-render replaced rebinds it (result.rebound) and acts on the new node', async () => {
    const tab = await h.openTab('/pages/semantic/stability.html');
    await observe(h, tab);
    await h.value(tab, 'rerender()');
    const r = await actOk(h, tab, { agent_id: 'row_bob_delete_btn', action: 'click' });
    expect(r).toMatchObject({ agent_id: 'row_bob_delete_btn', rebound: true });
    expect(await h.value(tab, 'window.deleted')).toBe('Bob');
  });

  it('scope: only the subtree of a container (its id is in elements[].container.agent_id)', async () => {
    const tab = await h.openTab('/pages/semantic/stability.html');
    const all = await observe(h, tab);
    const billing = all.elements.find((e: any) => e.agent_id === 'billing_email_txt').container;
    expect(billing).toMatchObject({ role: 'form', name: 'Billing address', agent_id: expect.any(String) });
    const scoped = await observe(h, tab, { scope: billing.agent_id });
    expect(scoped.elements.map((e: any) => e.agent_id)).toEqual(['billing_email_txt', 'billing_save_btn']);
  });

  it('navigation makes old ids stale (404 with candidates); a never-issued id is unknown', async () => {
    const tab = await h.openTab('/pages/semantic/basic.html');
    await observe(h, tab);
    await actOk(h, tab, { agent_id: 'other_page_lnk', action: 'click' });
    const stale = await act(h, tab, { agent_id: 'search_btn', action: 'click' });
    expect(stale.status).toBe(404);
    expect(stale.body).toMatchObject({ code: 'ELEMENT_NOT_FOUND', data: { rpc_code: -32001, reason: 'stale', agent_id: 'search_btn' } });
    expect(stale.body.data.candidates[0]).toEqual({ agent_id: 'search_btn_2', role: 'button', name: 'Search' });
    const unknown = await act(h, tab, { agent_id: 'never_seen_btn', action: 'click' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.data).toMatchObject({ rpc_code: -32001, reason: 'unknown' });
    // The candidate works at once.
    const retry = await actOk(h, tab, { agent_id: 'search_btn_2', action: 'click' });
    expect(retry).toMatchObject({ agent_id: 'search_btn_2', action: 'click', rebound: false });
  });
});
