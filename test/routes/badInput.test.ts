// Bad input on every route, generated from the daemon's route table (core and plugin routes): a 4xx
// with {error, code} (the message names the field), never a 5xx, never a hang; the daemon keeps
// answering. Case generation: test/support/badInput.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../daemon/routes/index.ts';
import type { RouteDef } from '../../daemon/routes/types.ts';
import { bodyCases, fillPath, HOSTILE_IDS, jsonSchemaOf, malformedBodies, serialize, UNKNOWN_ID, unboundedFields, validBase } from '../support/badInput.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { ok } from '../support/routeHelpers.ts';

let h: Harness;
let tab: string;
let routes: RouteDef[];
beforeAll(async () => {
  h = await startHarness({ history: true }); // so the history routes answer instead of 503 HISTORY_DISABLED
  tab = ok(await h.api('POST', '/tabs', {}), 201).id;
  routes = h.daemon.routes;
});
afterAll(async () => { await h?.close(); });

const JSON_HEADERS = { 'content-type': 'application/json' };
const realPath = (route: RouteDef) => fillPath(route.path, tab);

interface Outcome { status: number; body: any }
async function send(method: string, path: string, body?: string, headers: Record<string, string> = body === undefined ? {} : JSON_HEADERS): Promise<Outcome> {
  const r = await h.raw(method, path, { body, headers });
  const text = await r.text();
  let parsed: unknown = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON: the shape check below reports it */ }
  return { status: r.status, body: parsed };
}

/** The history API keeps ABP's wrapper (rest.md §1.2, history.md): {success: false, error: CODE, message}. */
function normalized(o: Outcome): Outcome {
  const b = o.body;
  if (b && typeof b === 'object' && b.success === false && typeof b.message === 'string') return { status: o.status, body: { error: b.message, code: b.error } };
  return o;
}

/** The common checks; returns a description of what is wrong, or null. */
function problem(outcome: Outcome, expectStatus: number | number[], code?: string | RegExp, field?: string | null): string | null {
  const o = normalized(outcome);
  const statuses = Array.isArray(expectStatus) ? expectStatus : [expectStatus];
  if (!statuses.includes(o.status)) return `status ${o.status}, expected ${statuses.join('|')}: ${JSON.stringify(o.body).slice(0, 200)}`;
  if (typeof o.body !== 'object' || o.body === null) return `body is not a JSON object: ${String(o.body).slice(0, 100)}`;
  if (typeof o.body.error !== 'string' || o.body.error.length === 0) return `no error message: ${JSON.stringify(o.body).slice(0, 200)}`;
  if (typeof o.body.code !== 'string') return `no code: ${JSON.stringify(o.body).slice(0, 200)}`;
  if (code !== undefined && !(typeof code === 'string' ? o.body.code === code : code.test(o.body.code))) return `code ${o.body.code}, expected ${code}`;
  if (field && !o.body.error.includes(field)) return `the message does not name "${field}": ${o.body.error.slice(0, 200)}`;
  return null;
}

async function expectAlive(): Promise<void> {
  const status = await h.api('GET', '/browser/status');
  expect(status.status).toBe(200);
  expect(status.body.data.ready).toBe(true);
}

describe('bad input, generated from the route table', () => {
  it('the table is what the daemon serves, and every POST route with a body has cases', () => {
    expect(routes.length).toBeGreaterThanOrEqual(routeTable.length);
    for (const core of routeTable) expect(routes).toContain(core);
    const withBody = routes.filter((r) => r.body && Object.keys(jsonSchemaOf(r.body).properties ?? {}).length > 0);
    expect(withBody.length).toBeGreaterThan(20);
    for (const route of withBody) expect(bodyCases(route).length, route.name).toBeGreaterThan(0);
  });

  it('wrong types, missing fields, NaN/Infinity/huge numbers, over-long strings → 400 naming the field', async () => {
    const failures: string[] = [];
    let count = 0;
    for (const route of routes.filter((r) => r.body && r.method === 'POST')) {
      for (const c of bodyCases(route)) {
        count += 1;
        const o = await send('POST', realPath(route), c.body);
        // A body past the daemon's size limit may be refused before it is parsed.
        const p = c.body.length > 1024 * 1024 && o.status === 413 ? problem(o, 413, 'PAYLOAD_TOO_LARGE') : problem(o, 400, 'INVALID_PARAMS', c.field);
        if (p) failures.push(`${route.method} ${route.path} [${c.label}]: ${p}`);
      }
    }
    expect(failures, failures.slice(0, 30).join('\n')).toEqual([]);
    expect(count).toBeGreaterThan(500);
    await expectAlive();
  });

  it('bodies that are not a JSON object → 400 INVALID_JSON on every POST route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'POST')) {
      for (const c of malformedBodies()) {
        const p = problem(await send('POST', realPath(route), c.body), 400, c.code);
        if (p) failures.push(`POST ${route.path} [${c.label}]: ${p}`);
      }
    }
    expect(failures, failures.slice(0, 30).join('\n')).toEqual([]);
    await expectAlive();
  });

  it('a body over the size limit → 413', async () => {
    const big = serialize({ text: 'x'.repeat(51 * 1024 * 1024) });
    const o = await send('POST', `/tabs/${tab}/type`, big);
    expect(problem(o, 413, 'PAYLOAD_TOO_LARGE')).toBeNull();
    await expectAlive();
  });

  it('unknown ids → 404 (TAB_NOT_FOUND for tabs) on every route with an id', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.path.includes(':'))) {
      const base = route.body ? validBase(route.body) : {};
      const body = route.method === 'POST' ? JSON.stringify(base ?? {}) : undefined;
      const isTab = route.path.startsWith('/tabs/:id');
      // Without a valid body the schema may answer first (400); with one the lookup must (404).
      // Other ids may have a format of their own (history event ids are numbers): 400 is fine there.
      const statuses = base === null || !isTab ? [400, 404] : [404];
      const code = base === null ? undefined : isTab ? 'TAB_NOT_FOUND' : /NOT_FOUND$|^INVALID_/;
      const p = problem(await send(route.method, fillPath(route.path, UNKNOWN_ID), body), statuses, code);
      if (p) failures.push(`${route.method} ${route.path}: ${p}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    await expectAlive();
  });

  it('path traversal and hostile ids → 4xx, never another route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.path.includes(':'))) {
      const base = route.body ? validBase(route.body) : {};
      for (const id of HOSTILE_IDS) {
        const body = route.method === 'POST' ? JSON.stringify(base ?? {}) : undefined;
        const o = await send(route.method, fillPath(route.path, id), body);
        const p = problem(o, [400, 404], base === null ? undefined : /NOT_FOUND$|^INVALID_/);
        if (p) failures.push(`${route.method} ${fillPath(route.path, id).slice(0, 80)}: ${p}`);
      }
    }
    expect(failures, failures.slice(0, 30).join('\n')).toEqual([]);
    await expectAlive();
  });

  it('a method a path does not have → 405 METHOD_NOT_ALLOWED naming the allowed ones', async () => {
    const failures: string[] = [];
    const byPath = new Map<string, Set<string>>();
    for (const r of routes) byPath.set(r.path, new Set([...(byPath.get(r.path) ?? []), r.method]));
    for (const [path, methods] of byPath) {
      for (const method of ['GET', 'POST', 'DELETE', 'PUT', 'PATCH'].filter((m) => !methods.has(m))) {
        const o = await send(method, fillPath(path, tab), method === 'GET' || method === 'DELETE' ? undefined : '{}');
        const p = problem(o, 405, 'METHOD_NOT_ALLOWED', [...methods][0]);
        if (p) failures.push(`${method} ${path}: ${p}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    await expectAlive();
  });

  it('unknown routes → 404 NOT_FOUND', async () => {
    const failures: string[] = [];
    for (const [method, path] of [['GET', '/api/v1/nope'], ['POST', `/api/v1/tabs/${tab}/nope`], ['GET', `/api/v1/tabs/${tab}/keyboard`],
      ['POST', `/api/v1/tabs/${tab}/keyboard/sideways`], ['GET', '/api/v2/tabs'], ['GET', '/api/v1/'], ['GET', '/api/v1/tabs/a/b/c/d/e']] as const) {
      const p = problem(await send(method, path, method === 'POST' ? '{}' : undefined), 404, 'NOT_FOUND');
      if (p) failures.push(`${method} ${path}: ${p}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    await expectAlive();
  });

  it('bad query values → 400 naming the field (GET screenshot), never a 5xx on any query route', async () => {
    const shot = `/tabs/${tab}/screenshot`;
    for (const [query, field] of [['markup=bogus', 'markup'], ['markup=interactive,,nope', 'markup'], ['format=gif', 'format'], ['quality=abc', 'quality'],
      ['quality=0', 'quality'], ['quality=101', 'quality'], ['quality=NaN', 'quality'], ['quality=1e309', 'quality'], ['cursor=maybe', 'cursor'],
      ['disable_markup=everything', 'disable_markup'], [`markup=${'x'.repeat(10_000)}`, 'markup']] as const) {
      const o = await send('GET', `${shot}?${query}`);
      expect(problem(o, 400, 'INVALID_PARAMS', field), query.slice(0, 40)).toBeNull();
    }
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET')) {
      for (const q of ['limit=-1', 'limit=NaN', 'limit=1e309', `x=${'y'.repeat(10_000)}`, 'state=%00', 'tab_id=..%2F..', 'after_id=abc']) {
        const o = await send('GET', `${realPath(route)}?${q}`);
        if (o.status >= 500) failures.push(`GET ${route.path}?${q.slice(0, 30)}: ${o.status} ${JSON.stringify(o.body).slice(0, 200)}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    await expectAlive();
  });

  it('core routes bound every string and number, so over-long and huge values are refused', () => {
    const unbounded = routeTable.flatMap((r) => unboundedFields(r).map((f) => `${r.name}: ${f}`));
    expect(unbounded).toEqual([]);
  });
});
