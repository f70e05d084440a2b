// Issue 24 "HAR 1.2 export": GET /tabs/{id}/network.har validates against the HAR 1.2 structure
// and replays: every entry, re-requested, gets the status the fixture server gave the page.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { harSchema } from './harSchema.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('GET /tabs/{id}/network.har', () => {
  it('is a valid HAR 1.2 file of the page\'s requests, and they replay', async () => {
    const tab = await h.openTab('/pages/devtools.html');
    expect((await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } })).status).toBe(200);
    const r = await h.raw('GET', `/api/v1/tabs/${tab}/network.har?bodies=true`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain('.har');
    const har = JSON.parse(await r.text());
    const ajv = new Ajv({ allErrors: true, strict: false });
    const addFormats = (addFormatsModule as unknown as { default?: (a: Ajv) => void }).default ?? (addFormatsModule as unknown as (a: Ajv) => void);
    addFormats(ajv);
    const validate = ajv.compile(harSchema);
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ log: { ...har.log, entries: [{ ...har.log.entries[0], timings: {} }] } }), 'the schema can fail').toBe(false);

    const entries = har.log.entries as any[];
    const paths = entries.map((e) => new URL(e.request.url).pathname);
    expect(paths).toEqual(['/pages/devtools.html', '/delay/20/boot.json', '/status/404', '/delay/50/click.json']);
    expect(entries.every((e) => e.pageref === har.log.pages[0].id)).toBe(true);
    expect(entries[0].response.content.text).toContain('DevTools fixture text');
    expect(entries[1].request.queryString).toEqual([{ name: 'type', value: 'json' }]);
    expect(entries[3]._abpd_action.type).toBe('click');

    // Replay: the same method and URL get the same status from the server.
    h.fixtures.resetHits();
    for (const e of entries) {
      const again = await fetch(e.request.url, { method: e.request.method });
      await again.arrayBuffer();
      expect(again.status, e.request.url).toBe(e.response.status);
    }
    expect(h.fixtures.requests().length).toBe(entries.length);
  });
});
