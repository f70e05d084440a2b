// Every /api/v1/history route: the wrapper, filters, cursor paging both ways, export round trip,
// deletes, and the error codes (history.md). One daemon; the deletes run last.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekHistory } from '../../daemon/history/runtime.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
let tabA: string;
let tabB: string;
const ids: string[] = []; // every action of the session, oldest first (tab commands included)
const envelopes = new Map<string, any>();

async function act(tab: string, path: string, body: Record<string, unknown>): Promise<any> {
  const r = await h.api('POST', `/tabs/${tab}/${path}`, body);
  expect([200, 409]).toContain(r.status);
  envelopes.set(r.body.action_id, r.body);
  return r.body;
}

async function data(path: string, status = 200): Promise<any> {
  const r = await h.api('GET', path);
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(status);
  expect(r.body.success).toBe(status === 200);
  return status === 200 ? r.body.data : r.body;
}

/** An action whose envelope carried both frames (a capture can time out on a starved machine). */
async function actionWithFrames(): Promise<any> {
  for (let i = 0; i < 3; i += 1) {
    const found = [...envelopes.values()].find((e) => e.screenshot_before && e.screenshot_after && ids.includes(e.action_id));
    if (found) return data(`/history/actions/${found.action_id}`);
    const r = await act(tabA, 'screenshot', {});
    ids.push(r.action_id);
  }
  throw new Error('Chromium returned no before+after frames in 3 tries: the machine is too loaded to test screenshots');
}

beforeAll(async () => {
  h = await startHarness({ history: true });
  tabA = await h.openTab('/pages/static.html');
  tabB = await h.openTab('/pages/navigate.html');
  for (let i = 0; i < 4; i += 1) await act(tabA, 'move', { x: 10 + i, y: 10 });
  await act(tabA, 'click', { x: 160, y: 120 });
  await act(tabB, 'click', { x: 100, y: 100, screenshot: { area: 'none' } }); // navigates: events
  await act(tabB, 'back', {});
  await act(tabB, 'forward', {});
  const fresh = await h.openTab();
  await act(fresh, 'back', {}); // fails: CANNOT_GO_BACK
  const all = await data('/history/actions?limit=500&direction=forward');
  ids.push(...all.actions.map((a: any) => a.id));
}, 120_000);
afterAll(async () => { await h?.close(); });

describe('history: sessions', () => {
  it('lists, gets by id and as "current", filters active, clamps limit, rejects junk', async () => {
    const list = await data('/history/sessions');
    expect(list.sessions).toHaveLength(1);
    expect(list).toMatchObject({ has_more: false });
    const current = await data('/history/sessions/current');
    expect(current).toEqual(list.sessions[0]);
    expect(current).toMatchObject({ end_time: null, browser_version: expect.stringMatching(/Chrome/) });
    expect(await data(`/history/sessions/${current.id}`)).toEqual(current);
    expect((await data('/history/sessions?active=true')).sessions).toHaveLength(1);
    expect((await data('/history/sessions?active=false')).sessions).toHaveLength(0);
    expect((await data('/history/sessions?limit=0')).sessions).toHaveLength(1); // clamped to 1
    expect(await data('/history/sessions/nope', 404)).toMatchObject({ error: 'SESSION_NOT_FOUND' });
    const bad = await data('/history/sessions?limit=ten', 400);
    expect(bad).toMatchObject({ error: 'INVALID_QUERY', message: expect.stringContaining('limit') });
    expect(await data('/history/sessions?direction=sideways', 400)).toMatchObject({ error: 'INVALID_QUERY' });
  });
});

describe('history: actions', () => {
  it('lists the current session newest first, with parsed params and results', async () => {
    const page = await data('/history/actions');
    expect(page.actions.map((a: any) => a.id)).toEqual([...ids].reverse());
    expect(page.has_more).toBe(false);
    const click = page.actions.find((a: any) => a.action_type === 'click' && a.tab_id === tabA);
    expect(click).toMatchObject({ success: true, params: { x: 160, y: 120 }, result: { status: 'clicked' } });
    expect(click.error_code).toBeUndefined();
  });

  it('pages backward and forward with cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const page: any = await data(`/history/actions?limit=3${cursor !== null ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.actions.map((a: any) => a.id));
      cursor = page.has_more ? page.next_cursor : null;
      pages += 1;
    } while (cursor !== null);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(Math.ceil(ids.length / 3));
    const forward = await data('/history/actions?limit=4&direction=forward');
    expect(forward.actions.map((a: any) => a.id)).toEqual(ids.slice(0, 4));
    const next = await data(`/history/actions?limit=4&direction=forward&cursor=${forward.next_cursor}`);
    expect(next.actions.map((a: any) => a.id)).toEqual(ids.slice(4, 8));
    // prev_cursor reads the other way: back to the first page.
    const back = await data(`/history/actions?limit=4&cursor=${next.prev_cursor}`);
    expect(back.actions.map((a: any) => a.id)).toEqual(ids.slice(0, 4).reverse());
    expect(back.has_more).toBe(false);
  });

  it('follows new actions from the newest page\'s prev_cursor (what the viewer does)', async () => {
    const newest = await data('/history/actions?limit=1');
    expect((await data(`/history/actions?direction=forward&cursor=${newest.prev_cursor}`)).actions).toEqual([]);
    const r = await act(tabA, 'move', { x: 50, y: 50, screenshot: { area: 'none' } });
    const after = await data(`/history/actions?direction=forward&cursor=${newest.prev_cursor}`);
    expect(after.actions.map((a: any) => a.id)).toEqual([r.action_id]);
    ids.push(r.action_id);
  });

  it('filters by tab, type, success and time', async () => {
    const onB = await data(`/history/actions?tab_id=${tabB}`);
    expect(onB.actions.map((a: any) => a.action_type).sort()).toEqual(['back', 'click', 'create_tab', 'forward', 'navigate']);
    const moves = await data('/history/actions?action_type=move');
    expect(moves.actions).toHaveLength(5);
    expect(moves.actions.every((a: any) => a.action_type === 'move')).toBe(true);
    const failed = await data('/history/actions?success=false');
    expect(failed.actions.map((a: any) => [a.action_type, a.error_code])).toEqual([['back', 'CANNOT_GO_BACK']]);
    const all = (await data('/history/actions?direction=forward')).actions;
    const mid = all[5].timestamp;
    const late = await data(`/history/actions?start_time=${mid}`);
    expect(late.actions.every((a: any) => a.timestamp >= mid)).toBe(true);
    const early = await data(`/history/actions?end_time=${mid - 1}`);
    expect(early.actions.length + late.actions.length).toBe(all.length);
    expect((await data('/history/actions?session_id=other')).actions).toEqual([]);
    expect(await data('/history/actions?success=maybe', 400)).toMatchObject({ error: 'INVALID_QUERY' });
    expect(await data('/history/actions?start_time=yesterday', 400)).toMatchObject({ message: expect.stringContaining('start_time') });
    expect(await data('/history/actions?cursor=-4', 400)).toMatchObject({ error: 'INVALID_QUERY' });
  });

  it('gets one action, 404 for an unknown id', async () => {
    const one = await data(`/history/actions/${ids[0]}`);
    expect(one).toMatchObject({ id: ids[0], action_type: 'create_tab', success: true });
    expect(await data('/history/actions/NOPE', 404)).toMatchObject({ error: 'ACTION_NOT_FOUND' });
  });

  it('serves the screenshots as image/webp; 404 when there is none', async () => {
    const click = await actionWithFrames();
    const after = await h.api('GET', `/history/actions/${click.id}/screenshot`);
    expect(after.status).toBe(200);
    expect(after.headers.get('content-type')).toBe('image/webp');
    expect(Buffer.compare(after.body, readFileSync(click.screenshot_after_path))).toBe(0);
    const before = await h.api('GET', `/history/actions/${click.id}/screenshot?type=before`);
    expect(Buffer.compare(before.body, readFileSync(click.screenshot_before_path))).toBe(0);
    const envelope = envelopes.get(click.id);
    expect(Buffer.compare(before.body, Buffer.from(envelope.screenshot_before.data, 'base64'))).toBe(0);
    expect(Buffer.compare(after.body, Buffer.from(envelope.screenshot_after.data, 'base64'))).toBe(0);
    expect(await data(`/history/actions/${click.id}/screenshot?type=middle`, 400)).toMatchObject({ error: 'INVALID_QUERY' });
    const noShot = (await data(`/history/actions?tab_id=${tabB}&action_type=click`)).actions[0];
    expect(await data(`/history/actions/${noShot.id}/screenshot`, 404)).toMatchObject({ error: 'SCREENSHOT_NOT_FOUND' });
    expect(await data('/history/actions/NOPE/screenshot', 404)).toMatchObject({ error: 'ACTION_NOT_FOUND' });
  });
});

describe('history: events', () => {
  it('lists, filters, gets by id; rejects bad ids', async () => {
    const all = await data('/history/events?direction=forward');
    expect(all.events.length).toBeGreaterThan(0);
    const nav = await data('/history/events?event_type=navigation');
    expect(nav.events.length).toBeGreaterThan(0);
    expect(nav.events.every((e: any) => e.event_type === 'navigation')).toBe(true);
    const onB = await data(`/history/events?tab_id=${tabB}`);
    expect(onB.events.every((e: any) => e.tab_id === tabB)).toBe(true);
    const first = all.events[0];
    expect(await data(`/history/events/${first.id}`)).toEqual(first);
    expect(first.data).toEqual(expect.any(Object));
    const byAction = await data(`/history/events?action_id=${first.action_id}`);
    expect(byAction.events.map((e: any) => e.id)).toContain(first.id);
    const paged = await data('/history/events?limit=1&direction=forward');
    expect(paged.events).toEqual([first]);
    expect(paged.has_more).toBe(all.events.length > 1);
    expect(await data('/history/events/abc', 400)).toMatchObject({ error: 'INVALID_QUERY', message: expect.stringContaining('Invalid event ID') });
    expect(await data('/history/events/99999999', 404)).toMatchObject({ error: 'EVENT_NOT_FOUND' });
  });
});

describe('history: export', () => {
  it('round trip: small chunks until export_complete reproduce every action, event and screenshot', async () => {
    const session = await data('/history/sessions/current');
    const actions: any[] = [];
    const events: any[] = [];
    let query = '';
    let chunks = 0;
    for (;;) {
      const chunk = await data(`/history/sessions/${session.id}/export?chunk_size=2${query}`);
      expect(chunk.session).toEqual(session);
      actions.push(...chunk.actions);
      events.push(...chunk.events);
      chunks += 1;
      if (chunk.export_complete) {
        expect(chunk.next_actions_cursor).toBeNull();
        expect(chunk.next_events_cursor).toBeNull();
        break;
      }
      query = `&actions_cursor=${chunk.next_actions_cursor}&events_cursor=${chunk.next_events_cursor}`;
      expect(chunks).toBeLessThan(100);
    }
    expect(actions.map((a) => a.id)).toEqual(ids);
    expect(events).toEqual((await data('/history/events?direction=forward&limit=1000')).events);
    let images = 0;
    for (const a of actions) {
      const { screenshot_before: b, screenshot_after: f, ...rest } = a;
      expect(rest).toEqual(await data(`/history/actions/${a.id}`));
      for (const [inline, path] of [[b, a.screenshot_before_path], [f, a.screenshot_after_path]]) {
        if (!path) { expect(inline).toBeUndefined(); continue; }
        expect(Buffer.from(inline, 'base64').equals(readFileSync(path))).toBe(true);
        images += 1;
      }
    }
    // Exactly the frames the envelopes carried, each stored and exported.
    const frames = ids.reduce((n, id) => n + (envelopes.get(id)?.screenshot_before ? 1 : 0) + (envelopes.get(id)?.screenshot_after ? 1 : 0), 0);
    expect(images).toBe(frames);
    expect(images).toBeGreaterThan(0);
    const plain = await data('/history/sessions/current/export?include_screenshots=false&chunk_size=5000');
    expect(plain.export_complete).toBe(true);
    expect(plain.actions).toHaveLength(ids.length);
    expect(plain.actions.some((a: any) => 'screenshot_after' in a)).toBe(false);
    expect(await data('/history/sessions/nope/export', 404)).toMatchObject({ error: 'SESSION_NOT_FOUND' });
    expect(await data('/history/sessions/current/export?include_screenshots=perhaps', 400)).toMatchObject({ error: 'INVALID_QUERY' });
  });
});

describe('history: unknown paths and methods', () => {
  it('answer in the history wrapper', async () => {
    const missing = await h.api('GET', '/history/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ success: false, error: 'NOT_FOUND' });
    const wrong = await h.api('POST', '/history/actions', {});
    expect(wrong.status).toBe(405);
    expect(wrong.body).toMatchObject({ success: false, error: 'METHOD_NOT_ALLOWED' });
  });
});

describe('history: deletes', () => {
  it('a screenshot whose file is gone is a 404, not a 500', async () => {
    const click = await actionWithFrames();
    rmSync(click.screenshot_before_path);
    expect(await data(`/history/actions/${click.id}/screenshot?type=before`, 404)).toMatchObject({
      error: 'SCREENSHOT_NOT_FOUND', message: expect.stringContaining('file not found'),
    });
  });

  it('DELETE /history/events by type', async () => {
    const nav = (await data('/history/events?event_type=navigation&limit=1000')).events.length;
    const r = await h.api('DELETE', '/history/events?event_type=navigation');
    expect(r.body).toEqual({ success: true, data: { deleted_count: nav } });
    expect((await data('/history/events?event_type=navigation')).events).toEqual([]);
  });

  it('DELETE /history/actions by tab removes the rows and their files', async () => {
    const onA = (await data(`/history/actions?tab_id=${tabA}&limit=500`)).actions;
    const files = onA.flatMap((a: any) => [a.screenshot_before_path, a.screenshot_after_path]).filter(Boolean) as string[];
    expect(files.length).toBeGreaterThan(0);
    const r = await h.api('DELETE', `/history/actions?tab_id=${tabA}`);
    expect(r.body).toEqual({ success: true, data: { deleted_count: onA.length } });
    expect((await data(`/history/actions?tab_id=${tabA}`)).actions).toEqual([]);
    await new Promise((r) => setTimeout(r, 200)); // unlink runs in the background
    expect(files.filter((f) => existsSync(f))).toEqual([]);
    const before = await h.api('DELETE', `/history/actions?before=${Date.now() + 1000}&tab_id=${tabB}`);
    expect(before.body.data.deleted_count).toBe(5);
    expect(await data('/history/actions?before=soon', 200)).toBeDefined(); // unknown GET params are ignored
    expect((await h.api('DELETE', '/history/actions?before=soon')).body).toMatchObject({ success: false, error: 'INVALID_QUERY' });
  });

  it('DELETE /history/actions and /history/events with no filter need confirm=true (issue 27 item 8)', async () => {
    const actions = (await data('/history/actions?limit=500')).actions.length;
    const events = (await data('/history/events?limit=1000')).events.length;
    expect(actions).toBeGreaterThan(0);
    for (const path of ['/history/actions', '/history/events', '/history/events?confirm=false']) {
      const refused = await h.api('DELETE', path);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ success: false, error: 'INVALID_QUERY', message: expect.stringMatching(/every session.*confirm=true/) });
    }
    expect((await data('/history/actions?limit=500')).actions.length).toBe(actions);
    expect((await data('/history/events?limit=1000')).events.length).toBe(events);
    const r = await h.api('DELETE', '/history/events?confirm=true');
    expect(r.body).toEqual({ success: true, data: { deleted_count: events } });
  });

  it('DELETE /history needs confirm=true, then wipes everything and recording goes on', async () => {
    const refused = await h.api('DELETE', '/history');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ success: false, error: 'INVALID_QUERY', message: expect.stringContaining('confirm=true') });
    const left = (await data('/history/actions?limit=500')).actions.length;
    const events = (await data('/history/events?limit=1000')).events.length;
    const r = await h.api('DELETE', '/history?confirm=true');
    expect(r.body).toEqual({ success: true, data: { deleted_sessions: 1, deleted_actions: left, deleted_events: events } });
    expect((await data('/history/actions')).actions).toEqual([]);
    const session = await data('/history/sessions/current');
    expect(session.end_time).toBeNull();
    const after = await act(tabB, 'move', { x: 5, y: 5 });
    expect((await data('/history/actions')).actions.map((a: any) => a.id)).toEqual([after.action_id]);
    await peekHistory(h.daemon.deps)!.recorder.flush();
  });
});
