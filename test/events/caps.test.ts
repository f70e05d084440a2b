// Issue 27 item 2: caps on what a page can make the daemon hold. Popups beyond --max-tabs are
// closed with a popup_blocked event (a page opened 100 in one action); a download past
// --max-download-bytes is cancelled with download_failed {reason: too_large} and leaves no file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness({ maxTabs: 3, maxDownloadBytes: 100_000 }); });
afterAll(async () => { await h?.close(); });

const ofType = (events: any[], type: string) => events.filter((e) => e.type === type);
const openTabs = async () => ((await h.api('GET', '/tabs')).body as any[]).length;

describe('caps', () => {
  it('popups beyond --max-tabs are closed, each with a popup_blocked event naming the flag', async () => {
    const tabs = (await h.api('GET', '/tabs')).body as Array<{ id: string }>;
    const tab = tabs[0]!.id;
    await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/popup-flood.html?n=12'), screenshot: { area: 'none' } });
    const before = await openTabs();
    const click = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    expect(click.status).toBe(200);
    const events = [...click.body.events];
    // Later reports come with the opener's next action.
    await new Promise((r) => setTimeout(r, 1500));
    const next = await h.api('POST', `/tabs/${tab}/execute`, { script: 'window.opened', screenshot: { area: 'none' } });
    events.push(...next.body.events);
    expect(next.body.result.value).toBe(12);
    expect(await openTabs()).toBeLessThanOrEqual(3);
    const blocked = ofType(events, 'popup_blocked');
    expect(blocked.length).toBe(12 - (3 - before));
    expect(blocked[0].data).toMatchObject({ source_tab_id: tab, reason: 'max_tabs', limit: 3, flag: '--max-tabs' });
    expect(ofType(events, 'popup').length).toBe(3 - before);
    // abpd's own POST /tabs is refused with 429 naming the flag.
    const refused = await h.api('POST', '/tabs', {});
    expect(refused.status).toBe(429);
    expect(refused.body.error).toContain('--max-tabs');
  });

  it('a download past --max-download-bytes is cancelled: download_failed too_large, no file kept', async () => {
    const all = (await h.api('GET', '/tabs')).body as Array<{ id: string }>;
    for (const t of all.slice(1)) await h.api('DELETE', `/tabs/${t.id}`);
    const tab = all[0]!.id;
    await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/download.html'), screenshot: { area: 'none' } });
    // #huge: 4 MiB in 64 KiB chunks every 300 ms.
    const click = await h.api('POST', `/tabs/${tab}/click`, { x: 500, y: 100, screenshot: { area: 'none' } });
    const id = ofType(click.body.events, 'download_started')[0].data.download_id;
    let record: any;
    for (let i = 0; i < 60; i += 1) {
      record = (await h.api('GET', `/downloads/${id}`)).body;
      if (record.state !== 'in_progress') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(record).toMatchObject({ state: 'failed', failure_reason: 'too_large' });
    const next = await h.api('POST', `/tabs/${tab}/execute`, { script: '1', screenshot: { area: 'none' } });
    const failed = ofType([...click.body.events, ...next.body.events], 'download_failed');
    expect(failed[0]?.data).toMatchObject({ download_id: id, reason: 'too_large', limit_bytes: 100_000, flag: '--max-download-bytes' });
    await new Promise((r) => setTimeout(r, 300));
    expect(readdirSync(join(h.sessionDir, 'downloads')).filter((n) => n.includes('huge'))).toEqual([]);
    expect((await h.api('GET', `/downloads/${id}/content`)).status).toBe(409);
    // A small one still completes.
    const small = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    const smallId = ofType(small.body.events, 'download_started')[0].data.download_id;
    for (let i = 0; i < 50 && (await h.api('GET', `/downloads/${smallId}`)).body.state !== 'completed'; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect((await h.api('GET', `/downloads/${smallId}`)).body.state).toBe('completed');
  });
});
