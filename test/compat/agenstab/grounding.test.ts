// -32008 and visual grounding (compat.md "AGENSTAB"): browser.click {description} asks the configured
// vision model — here the fake model server over real HTTP (agent.md §9) — for a point on the
// current frame, and clicks the observed element there by its agent_id; a point on no element, or
// "not found", is -32008 with data.reason (REST 502).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLlmOptions } from '../../../agent/llm/settings.ts';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { startFakeModel, type FakeModel } from '../../support/fakeModel/server.ts';
import { RpcClient } from './rpcClient.ts';

const BASE = '/compat/agenstab/v1';
const KEY = { authorization: 'Bearer sk_live_vlm' };
let h: Harness;
let fake: FakeModel;
let c: RpcClient;

beforeAll(async () => {
  fake = await startFakeModel();
  h = await startHarness({ llm: { ...defaultLlmOptions(), provider: 'openai-compatible', baseUrl: fake.baseUrl, model: 'fake-vision', vision: true } }, { listen: true });
  c = await RpcClient.connect(`ws://127.0.0.1:${h.daemon.port}${BASE}/session`, { headers: KEY });
});
afterAll(async () => { c?.close(); await h?.close(); await fake?.close(); });

async function openShop(): Promise<{ session_id: string; elements: Array<{ agent_id: string; name: string; center: { x: number; y: number } }> }> {
  const { session_id } = await c.ok('browser.create_session');
  await c.ok('browser.navigate', { url: h.fixtures.url('/pages/agenstab-shop.html') });
  const { elements } = await c.ok('browser.observe', { max_elements: 100 });
  return { session_id, elements };
}

describe('browser.click {description} through the vision model', () => {
  it('clicks the element under the point the model names (the frame was sent as an image)', async () => {
    const { elements } = await openShop();
    const accept = elements.find((e) => e.name === 'Accept cookies')!;
    fake.script({ turns: [{ object: { found: true, x: accept.center.x, y: accept.center.y } }] });
    const r = await c.ok('browser.click', { description: 'the button that accepts cookies' });
    expect(r).toMatchObject({ success: true, agent_id: accept.agent_id, grounded: { point: accept.center, name: 'Accept cookies' } });
    expect((await c.ok('browser.evaluate', { script: 'document.getElementById("banner") === null' })).value).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.raw).toContain('data:image/png;base64,iVBOR');
    expect(fake.requests[0]!.raw).toContain('the button that accepts cookies');
    await c.ok('browser.terminate_session');
  });

  it('-32008 not_found when the model finds nothing, no_element_at_point off every element (REST 502)', async () => {
    const { session_id } = await openShop();
    fake.script({ turns: [{ object: { found: false, x: 0, y: 0 } }, { object: { found: true, x: 1200, y: 40 } }] });
    const none = await c.call('browser.click', { description: 'a purple elephant' });
    expect(none.error).toMatchObject({ code: -32008, data: { name: 'VLM_GROUNDING_FAILED', reason: 'not_found' } });
    const empty = await h.api('POST', `${BASE}/sessions/${session_id}/interact`, { action_type: 'semantic_click', description: 'the empty corner' }, KEY);
    expect(empty.status).toBe(502);
    expect(empty.body.error).toMatchObject({ code: -32008, data: { reason: 'no_element_at_point', point: { x: 1200, y: 40 } } });
    await c.ok('browser.terminate_session');
  });
});
