// Unknown request fields (issue 23 item 4): accepted, but named in `warnings` with the nearest known
// field, on every route (the check lives in the route validation, not in each route); scripts of
// `abpd run` refuse them before running anything.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScript, ScriptError } from '../../daemon/cli/script/load.ts';
import { nearest, unknownFieldWarnings } from '../../daemon/unknownFields.ts';
import { runCli } from '../cli/cliSupport.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
let tab: string;
const tmp = mkdtempSync(join(tmpdir(), 'abpd-unknown-'));
beforeAll(async () => { h = await startHarness(); tab = await h.openTab('/pages/click.html'); });
afterAll(async () => { await h?.close(); rmSync(tmp, { recursive: true, force: true }); });

describe('the envelope names unknown fields', () => {
  it('{"buton": "right"}: 200 (a left click, as sent) with a did-you-mean warning', async () => {
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 1, y: 2, buton: 'right', screenshot: { area: 'none' } });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual(['unknown field "buton" (did you mean "button"?)']);
  });

  it('nested fields are named by their path; a field like nothing known is only "ignored"', async () => {
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 1, y: 2, screenshot: { area: 'none', fromat: 'png' }, zzzzzzz: 1 });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([
      'unknown field "screenshot.fromat" (did you mean "screenshot.format"?)',
      'unknown field "zzzzzzz" (ignored)',
    ]);
  });

  it('a body with only known fields has no warnings', async () => {
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 1, y: 2, button: 'left', screenshot: { area: 'none', format: 'png' } });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toBeUndefined();
  });

  it('non-action routes too (the answer object carries warnings)', async () => {
    const r = await h.api('POST', '/tabs', { urll: 'about:blank' });
    expect(r.status).toBe(201);
    expect(r.body.warnings).toEqual(['unknown field "urll" (did you mean "url"?)']);
    await h.api('DELETE', `/tabs/${r.body.id}`);
  });

  it('every route with a body schema gets it (the check is in the route validation)', () => {
    for (const route of h.daemon.routes.filter((r) => r.body)) {
      expect(unknownFieldWarnings(route.body, { a_field_nobody_has: 1 }), route.name).toEqual(['unknown field "a_field_nobody_has" (ignored)']);
    }
  });
});

describe('the matcher', () => {
  it('suggests only near names; unions, arrays, optionals are walked', () => {
    expect(nearest('buton', ['button', 'x', 'y'])).toBe('button');
    expect(nearest('click-count', ['click_count'])).toBe('click_count');
    expect(nearest('colour', ['x', 'y'])).toBeUndefined();
    const schema = z.object({ list: z.array(z.object({ name: z.string() }).loose()).optional(), u: z.union([z.string(), z.object({ deep: z.number() }).loose()]) }).loose();
    expect(unknownFieldWarnings(schema, { list: [{ name: 'a', nmae: 'b' }], u: { deep: 1, dep: 2 } })).toEqual([
      'unknown field "list[0].nmae" (did you mean "list[0].name"?)',
      'unknown field "u.dep" (did you mean "u.deep"?)',
    ]);
  });
});

describe('abpd run scripts fail on them', () => {
  it('a script with a typo is not run: exit 2, the step and the field named', async () => {
    const file = join(tmp, 'typo.yaml');
    writeFileSync(file, 'steps:\n  - navigate: { url: "about:blank" }\n  - click: { x: 1, y: 2, buton: right }\n');
    expect(() => loadScript(file, new Map(), {})).toThrow(ScriptError);
    try { loadScript(file, new Map(), {}); } catch (err) {
      expect((err as ScriptError).problems).toEqual(['steps[1].click: unknown field "buton" (did you mean "button"?)']);
    }
    const r = await runCli(['run', file, '--port', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('steps[1].click: unknown field "buton" (did you mean "button"?)');
  });
});

describe('batch sub-actions', () => {
  it('an unknown field of a sub-action is named with its index', async () => {
    const r = await h.api('POST', `/tabs/${tab}/batch`, { actions: [{ type: 'mouse_click', x: 1, y: 2, buton: 'left' }, { type: 'keyboard_type', text: 'a' }], screenshot: { area: 'none' } });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual(['unknown field "actions[0].buton" (did you mean "actions[0].button"?)']);
  });
});
