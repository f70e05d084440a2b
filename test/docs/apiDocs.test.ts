// The API reference ships in the project and cannot drift (issue 23 item 2): docs/api.md is exactly
// what the route table generates (npm run docs), GET /api/v1/openapi.json is the OpenAPI 3.1 document
// of the table the daemon serves, GET /api/v1 indexes the route groups, every example is a valid
// body, and no file links to a path outside the repository.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderApiDoc } from '../../daemon/docs/apiMarkdown.ts';
import { buildOpenApi } from '../../daemon/docs/openapi.ts';
import { openApiPath, routeExample } from '../../daemon/docs/routeSchemas.ts';
import { plugins } from '../../daemon/plugins.ts';
import { ABPD_VERSION } from '../../daemon/routes/browserRoutes.ts';
import { routeTable } from '../../daemon/routes/index.ts';
import { unknownFieldWarnings } from '../../daemon/unknownFields.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ALL_ROUTES = [...routeTable, ...plugins.flatMap((p) => p.routes ?? [])];

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('docs/api.md', () => {
  it('is what the route table generates (if not: npm run docs)', () => {
    const onDisk = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
    expect(onDisk === renderApiDoc(ALL_ROUTES), 'docs/api.md is out of date: run npm run docs').toBe(true);
  });

  it('has a section, an answer, errors and an example for every route the daemon serves', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
    for (const route of h.daemon.routes) {
      const start = doc.indexOf(`### \`${route.method} /api/v1${route.path}\`\n`);
      expect(start, `${route.method} ${route.path}`).toBeGreaterThan(0);
      const section = doc.slice(start, doc.indexOf('\n### ', start + 5) >>> 0);
      expect(section).toContain('Answer: ');
      expect(section).toContain('Errors: ');
      expect(section).toMatch(/```sh\ncurl -s /);
    }
  });

  it('every example body is valid for its route and has no unknown field', () => {
    for (const route of ALL_ROUTES) {
      const example = routeExample(route);
      if (!example || !route.body) continue;
      const parsed = route.body.safeParse(example);
      expect(parsed.success, `${route.name}: ${JSON.stringify(example)} ${parsed.error?.message ?? ''}`).toBe(true);
      expect(unknownFieldWarnings(route.body, example), route.name).toEqual([]);
    }
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('is the OpenAPI 3.1 document of the table the daemon serves, with every route', async () => {
    const r = await h.api('GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(buildOpenApi(h.daemon.routes, ABPD_VERSION))));
    expect(r.body.openapi).toBe('3.1.0');
    for (const route of h.daemon.routes) {
      const op = r.body.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op.operationId).toBe(route.name);
    }
  });

  it('every schema in it is valid JSON Schema 2020-12, and examples match their request schema', async () => {
    const doc = (await h.api('GET', '/api/v1/openapi.json')).body;
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'components', ...doc.components }, 'components');
    for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const body = op.requestBody?.content?.['application/json'];
        if (body) {
          const validate = ajv.compile(body.schema);
          if (body.example) expect(validate(body.example), `${method} ${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
        }
        for (const p of op.parameters ?? []) ajv.compile(p.schema);
      }
    }
    for (const schema of Object.values(doc.components.schemas)) ajv.compile(schema as object);
  });
});

describe('GET /api/v1', () => {
  it('answers an index of route groups (not a 404), listing every route once', async () => {
    const r = await h.api('GET', '/api/v1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'abpd', openapi: '/api/v1/openapi.json' });
    const listed = r.body.groups.flatMap((g: any) => g.routes.map((x: any) => `${x.method} ${x.path}`));
    expect(listed.sort()).toEqual(h.daemon.routes.map((x) => `${x.method} /api/v1${x.path}`).sort());
    expect(r.body.groups.map((g: any) => g.group)).toEqual(expect.arrayContaining(['browser', 'tabs', 'actions']));
  });
});

describe('links', () => {
  const SCAN = ['README.md', 'ARCHITECTURE.md', 'docs', 'examples', 'daemon', 'cdp', 'markup', 'scripts', 'bench', 'test', 'bin', 'package.json'];
  const files = (path: string): string[] => {
    const full = join(ROOT, path);
    if (statSync(full).isFile()) return [full];
    return readdirSync(full).flatMap((name) => (name === 'node_modules' || name === 'results' || name.startsWith('.') ? [] : files(join(path, name))));
  };

  it('no file links to a path outside the project (a clone has nothing there)', () => {
    const problems: string[] = [];
    for (const file of SCAN.flatMap(files).filter((f) => /\.(md|ts|js|json|ya?ml|sh|html)$/.test(f) && !f.endsWith('apiDocs.test.ts'))) {
      const text = readFileSync(file, 'utf8');
      const rel = relative(ROOT, file);
      for (const m of text.matchAll(/(?:\.\.\/)+shared\/|(?<![\w/.-])shared\/(?:spec|reference)\//g)) problems.push(`${rel}: ${m[0]}`);
      if (file.endsWith('.md')) {
        for (const m of text.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
          const target = m[1]!;
          if (/^[a-z]+:/i.test(target)) continue; // http:, mailto:
          const at = resolve(dirname(file), target);
          if (relative(ROOT, at).startsWith('..')) problems.push(`${rel}: link to ${target}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
