// The HITL gate (sessions.md §4) on semantic act (semantic.md §3): a click or Enter on a payment
// button by agent_id is held like a coordinate click (423, nothing dispatched), act input waits
// while an approval is pending, approve runs the held act once; an act under the threshold passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 60_000);
afterAll(async () => { await h?.close(); });

const none = { screenshot: { area: 'none' } };

async function shop(total?: string): Promise<{ id: string; tab: string; ids: Record<string, string> }> {
  const s = await h.api('POST', '/sessions', { policies: { hitl_transaction_threshold_cents: 10000 } });
  const q = total ? `?total=${encodeURIComponent(total)}` : '';
  await h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url(`/pages/agenstab-shop.html${q}`), ...none });
  const observed = await h.api('POST', `/tabs/${s.body.tab_id}/observe`, { format: 'json', ...none });
  const ids = Object.fromEntries((observed.body.result.elements as Array<{ agent_id: string; name: string }>).map((e) => [e.name, e.agent_id]));
  return { id: s.body.session_id, tab: s.body.tab_id, ids };
}

describe('HITL gate on semantic act', () => {
  it('holds act click and act press Enter on "Place order" ($250.00); approve runs the held act once', async () => {
    const { id, tab, ids } = await shop();
    const held = await h.api('POST', `/tabs/${tab}/act`, { agent_id: ids['Place order'], action: 'click', ...none });
    expect(held.status).toBe(423);
    expect(held.body.data).toMatchObject({ rpc_code: -32009, approval: { agent_id: ids['Place order'], amount_cents: 25000 } });
    expect(await h.value(tab, 'window.orders')).toBe(0);
    const meanwhile = await h.api('POST', `/tabs/${tab}/act`, { agent_id: ids['Newsletter'], action: 'hover', ...none });
    expect(meanwhile.status).toBe(423);
    expect(meanwhile.body.code).toBe('HITL_PENDING');
    const approved = await h.api('POST', `/sessions/${id}/approvals/${held.body.data.approval.approval_id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(await h.value(tab, 'window.orders')).toBe(1);
    const enter = await h.api('POST', `/tabs/${tab}/act`, { agent_id: ids['Place order'], action: 'press', key: 'Enter', ...none });
    expect(enter.status).toBe(423);
    expect(await h.value(tab, 'window.orders')).toBe(1);
  });

  it('lets an act click under the threshold through', async () => {
    const { tab, ids } = await shop('$12.00');
    const r = await h.api('POST', `/tabs/${tab}/act`, { agent_id: ids['Place order'], action: 'click', ...none });
    expect(r.status).toBe(200);
    expect(await h.value(tab, 'window.orders')).toBe(1);
  });
});
