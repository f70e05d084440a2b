// 8 sessions at once, each with a tab acting in parallel, keep their own cookies (sessions.md §7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness({ maxSessions: 8 }); }, 60_000);
afterAll(async () => { await h?.close(); });

describe('8 sessions in parallel', () => {
  it('each keeps its own cookies while all act at once', async () => {
    const made = await Promise.all(Array.from({ length: 8 }, (_, i) => h.api('POST', '/sessions', { labels: { n: String(i) } })));
    for (const m of made) expect(m.status, JSON.stringify(m.body)).toBe(201);
    const results = await Promise.all(made.map(async (m, i) => {
      const tab = m.body.tab_id;
      const nav = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/static.html'), screenshot: { area: 'none' } });
      expect(nav.status).toBe(200);
      await h.value(tab, `document.cookie = 'n=${i}; path=/'; 1`);
      const click = await h.api('POST', `/tabs/${tab}/click`, { x: 5, y: 5, screenshot: { area: 'none' } });
      expect(click.status).toBe(200);
      await h.api('POST', `/tabs/${tab}/reload`, { screenshot: { area: 'none' } });
      return await h.value<string>(tab, 'document.cookie');
    }));
    expect(results).toEqual(Array.from({ length: 8 }, (_, i) => `n=${i}`));
    const list = await h.api('GET', '/sessions?status=ready');
    expect(list.body.filter((s: any) => s.session_id !== 'default')).toHaveLength(8);
    for (const m of made) {
      const actions = await h.api('GET', `/sessions/${m.body.session_id}/events?types=action`);
      expect(actions.body.events.map((e: any) => e.data.type)).toEqual(['navigate', 'execute', 'click', 'reload', 'execute']);
    }
    await Promise.all(made.map((m) => h.api('DELETE', `/sessions/${m.body.session_id}`)));
  }, 120_000);
});
