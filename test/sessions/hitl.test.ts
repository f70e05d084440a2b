// The HITL payment gate (sessions.md §4, §7): a "Place order" button with a $250.00 total and a
// threshold of 10000 cents → 423 and nothing dispatched; approve → clicked exactly once (its
// envelope is the answer); deny → never clicked; under the threshold it just clicks; an unknown
// amount is held too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAmount } from '../../daemon/sessions/hitlClassify.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 60_000);
afterAll(async () => { await h?.close(); });

const none = { screenshot: { area: 'none' } };

async function checkout(total?: string): Promise<{ id: string; tab: string }> {
  const s = await h.api('POST', '/sessions', { policies: { hitl_transaction_threshold_cents: 10000 } });
  const q = total ? `?total=${encodeURIComponent(total)}` : '';
  const nav = await h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url(`/pages/checkout.html${q}`), ...none });
  expect(nav.status).toBe(200);
  return { id: s.body.session_id, tab: s.body.tab_id };
}

describe('HITL payment gate', () => {
  it('holds a $250.00 "Place order"; approve clicks it exactly once', async () => {
    const { id, tab } = await checkout();
    const held = await h.api('POST', `/tabs/${tab}/click`, { x: 140, y: 220, ...none });
    expect(held.status).toBe(423);
    expect(held.body.code).toBe('HITL_THRESHOLD_EXCEEDED');
    expect(held.body.data.rpc_code).toBe(-32009);
    const approval = held.body.data.approval;
    expect(approval).toMatchObject({ amount_cents: 25000, currency: 'USD', point: { x: 140, y: 220 }, status: 'pending' });
    expect(approval.evidence_text).toContain('$250.00');
    expect(approval.screenshot.data.length).toBeGreaterThan(100);
    expect(await h.value(tab, 'window.orderClicks')).toBe(0);
    expect((await h.api('GET', `/sessions/${id}`)).body.status).toBe('paused_hitl');
    // While it waits, other input on the session is held back too; reads and execute are not.
    expect((await h.api('POST', `/tabs/${tab}/click`, { x: 400, y: 220, ...none })).status).toBe(423);
    expect((await h.api('POST', `/tabs/${tab}/screenshot`, {})).status).toBe(200);
    const list = await h.api('GET', `/sessions/${id}/approvals`);
    expect(list.body.map((a: any) => a.approval_id)).toEqual([approval.approval_id]);

    const ok = await h.api('POST', `/sessions/${id}/approvals/${approval.approval_id}/approve`, {});
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.action_id).toMatch(/.+/);
    expect(await h.value(tab, 'window.orderClicks')).toBe(1);
    const again = await h.api('POST', `/sessions/${id}/approvals/${approval.approval_id}/approve`, {});
    expect(again.status).toBe(409);
    expect(await h.value(tab, 'window.orderClicks')).toBe(1);
    expect((await h.api('GET', `/sessions/${id}`)).body.status).toBe('ready');
    const log = await h.api('GET', `/sessions/${id}/events?types=hitl_approval_requested,hitl_approved`);
    expect(log.body.events.map((e: any) => e.type)).toEqual(['hitl_approval_requested', 'hitl_approved']);
    // The next payment click is held again (an approval is for one action).
    expect((await h.api('POST', `/tabs/${tab}/click`, { x: 140, y: 220, ...none })).status).toBe(423);
    await h.api('DELETE', `/sessions/${id}`);
  }, 60_000);

  it('deny drops the held action: never clicked; the session goes on', async () => {
    const { id, tab } = await checkout();
    const held = await h.api('POST', `/tabs/${tab}/click`, { x: 140, y: 220, ...none });
    expect(held.status).toBe(423);
    const no = await h.api('POST', `/sessions/${id}/approvals/${held.body.data.approval.approval_id}/deny`, {});
    expect(no.status).toBe(200);
    expect(no.body.status).toBe('denied');
    expect(await h.value(tab, 'window.orderClicks')).toBe(0);
    expect((await h.api('POST', `/tabs/${tab}/click`, { x: 400, y: 220, ...none })).status).toBe(200);
    expect(await h.value(tab, 'window.otherClicks')).toBe(1);
    await h.api('DELETE', `/sessions/${id}`);
  }, 60_000);

  it('under the threshold it clicks; an unknown amount is held', async () => {
    const cheap = await checkout('$5.00');
    expect((await h.api('POST', `/tabs/${cheap.tab}/click`, { x: 140, y: 220, ...none })).status).toBe(200);
    expect(await h.value(cheap.tab, 'window.orderClicks')).toBe(1);
    const unknown = await checkout('none');
    const held = await h.api('POST', `/tabs/${unknown.tab}/click`, { x: 140, y: 220, ...none });
    expect(held.status).toBe(423);
    expect(held.body.data.approval.amount_cents).toBeNull();
    await h.api('DELETE', `/sessions/${cheap.id}`);
    await h.api('DELETE', `/sessions/${unknown.id}`);
  }, 60_000);

  it('parses amounts to cents', () => {
    expect(parseAmount('$250.00')).toEqual({ cents: 25000, currency: 'USD' });
    expect(parseAmount('1.234,56 €')).toEqual({ cents: 123456, currency: 'EUR' });
    expect(parseAmount('£1,234.50')).toEqual({ cents: 123450, currency: 'GBP' });
    expect(parseAmount('99 USD')).toEqual({ cents: 9900, currency: 'USD' });
    expect(parseAmount(null)).toBeNull();
  });
});
