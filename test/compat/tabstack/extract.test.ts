// Tabstack's non-agent endpoints (compat.md "Tabstack") driven by the official @tabstack/sdk,
// unchanged, with TABSTACK_BASE_URL pointing at a test daemon on a real port; the model is the fake
// model server. Plus the vendor's {"error"} bodies and validation texts over raw HTTP.
import Tabstack from '@tabstack/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLlmOptions } from '../../../agent/llm/settings.ts';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { startFakeModel, type FakeModel } from '../../support/fakeModel/server.ts';

let h: Harness;
let fake: FakeModel;
let client: Tabstack;
const BASE = '/compat/tabstack/v1';
const KEY = { authorization: 'Bearer ts_test_key' };
const PRODUCT_SCHEMA = {
  type: 'object',
  properties: { products: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, price: { type: 'number' } }, required: ['name', 'price'] } } },
  required: ['products'],
};

beforeAll(async () => {
  fake = await startFakeModel();
  h = await startHarness({ llm: { ...defaultLlmOptions(), provider: 'openai-compatible', baseUrl: fake.baseUrl, model: 'fake-model', maxRetries: 0 } }, { listen: true });
  process.env.TABSTACK_BASE_URL = `http://127.0.0.1:${h.daemon.port}${BASE}`;
  process.env.TABSTACK_API_KEY = 'ts_test_key';
  client = new Tabstack();
});
afterAll(async () => { await h?.close(); await fake?.close(); });

const post = (path: string, body: unknown) => h.api('POST', BASE + path, body, KEY);

describe('POST /extract/markdown', () => {
  it('the SDK gets the rendered page as Markdown, opening with the title, article only', async () => {
    const url = h.fixtures.url('/pages/tabstack-article.html');
    const r = await client.extract.markdown({ url, metadata: true });
    expect(r.url).toBe(url);
    expect(r.content.startsWith('# Field Notes on Local Widgets\n')).toBe(true);
    expect(r.content).toContain('**Sprocket 3000**');
    expect(r.content).toContain('## Prices');
    expect(r.content).toMatch(/\n-\s+Gizmo Lite: 49 EUR\n/);
    // Only the rendered DOM has it: the page's script adds this item after load.
    expect(r.content).toContain('Whatsit Pro: 299 EUR (added by script)');
    expect(r.content).not.toContain('Copyright footer');
    expect(r.content).not.toContain('Log in');
    // The title heading is not repeated from the article's own <h1>.
    expect(r.content.match(/Field Notes on Local Widgets/g)!.length).toBe(1);
    expect(r.metadata).toMatchObject({ title: 'Field Notes on Local Widgets', description: 'A review of three widgets tested offline.', author: 'Ada Tester', url });
  });

  it('each read is a sessions.md session of its own (listed, labelled), ended after', async () => {
    const tabstackSessions = async () => ((await h.api('GET', '/sessions')).body as any[]).filter((s) => s.labels?.compat === 'tabstack');
    const before = (await tabstackSessions()).length;
    await client.extract.markdown({ url: h.fixtures.url('/pages/static.html') });
    const after = await tabstackSessions();
    expect(after.length).toBe(before + 1);
    expect(after.every((s) => s.ended_at && s.tabs.length === 0)).toBe(true);
  });

  it('a page that tampers with the builtins cannot disturb the reader (it runs in abpd\'s isolated world)', async () => {
    const r = await client.extract.markdown({ url: h.fixtures.url('/pages/tabstack-hostile.html') });
    expect(r.content.startsWith('# Tampered builtins\n')).toBe(true);
    expect(r.content).toContain('Second paragraph with enough words');
    expect(r.content).not.toContain('FAKE TITLE');
  });

  it('validation: url required, invalid URL format, effort/metadata types', async () => {
    expect(await post('/extract/markdown', {})).toMatchObject({ status: 400, body: { error: 'url is required' } });
    expect(await post('/extract/markdown', { url: 'not a url' })).toMatchObject({ status: 400, body: { error: 'invalid URL format' } });
    expect(await post('/extract/markdown', { url: 'ftp://example.com/' })).toMatchObject({ status: 400, body: { error: 'invalid URL format' } });
    expect((await post('/extract/markdown', { url: h.fixtures.url('/pages/static.html'), effort: 'huge' })).body).toEqual({ error: 'effort must be one of min, standard, max' });
    expect((await post('/extract/markdown', { url: h.fixtures.url('/pages/static.html'), metadata: 'yes' })).body).toEqual({ error: 'metadata must be a boolean' });
    const notJson = await h.raw('POST', `${BASE}/extract/markdown`, { body: '{oops', headers: { ...KEY, 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/^invalid JSON body/);
  });

  it('an unreachable page is a 400 naming the URL, not a crash', async () => {
    const r = await post('/extract/markdown', { url: 'http://127.0.0.1:9/nothing' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^could not load http:\/\/127\.0\.0\.1:9\/nothing: net::ERR_/);
  });
});

describe('POST /extract/json and /generate/json', () => {
  it('the SDK gets a schema-valid object from one model call that read the rendered page', async () => {
    fake.script({ turns: [{ object: { products: [{ name: 'Sprocket 3000', price: 129 }, { name: 'Whatsit Pro', price: 299 }] } }] });
    const r = await client.extract.json({ url: h.fixtures.url('/pages/tabstack-article.html'), json_schema: PRODUCT_SCHEMA });
    expect(r).toEqual({ products: [{ name: 'Sprocket 3000', price: 129 }, { name: 'Whatsit Pro', price: 299 }] });
    expect(fake.requests.length).toBe(1);
    const sent = fake.requests[0]!;
    expect(sent.kind).toBe('extract');
    expect(sent.schema).toMatchObject(PRODUCT_SCHEMA);
    expect(sent.lastUserText).toContain('Whatsit Pro: 299 EUR (added by script)');
  });

  it('generate/json passes the instructions with the page', async () => {
    fake.script({ turns: [{ object: { summary: 'Sprocket is reliable', verdict: 'buy' } }] });
    const schema = { type: 'object', properties: { summary: { type: 'string' }, verdict: { enum: ['buy', 'skip'] } }, required: ['summary', 'verdict'] };
    const r = await client.generate.json({ url: h.fixtures.url('/pages/tabstack-article.html'), json_schema: schema, instructions: 'Summarise the review in one line and give a verdict' });
    expect(r).toEqual({ summary: 'Sprocket is reliable', verdict: 'buy' });
    expect(fake.requests[0]!.lastUserText).toContain('Summarise the review in one line and give a verdict');
    expect(fake.requests[0]!.lastUserText).toContain('Sprocket 3000');
  });

  it('an off-schema model answer is refused (502 naming the problem), never returned', async () => {
    fake.script({ turns: [{ object: { products: [{ name: 'Sprocket 3000', price: 'cheap' }] } }] });
    const r = await post('/extract/json', { url: h.fixtures.url('/pages/tabstack-article.html'), json_schema: PRODUCT_SCHEMA });
    expect(r.status).toBe(502);
    expect(r.body.error).toMatch(/does not match json_schema \(\/products\/0\/price: must be number\)/);
  });

  it('validation messages', async () => {
    fake.script({});
    const url = h.fixtures.url('/pages/static.html');
    expect((await post('/extract/json', { url })).body).toEqual({ error: 'json_schema is required' });
    expect((await post('/extract/json', { json_schema: PRODUCT_SCHEMA })).body).toEqual({ error: 'url is required' });
    expect((await post('/extract/json', { url, json_schema: 'object' })).body.error).toMatch(/^json_schema must be a JSON Schema object/);
    expect((await post('/extract/json', { url, json_schema: { type: 'no-such-type' } })).body.error).toMatch(/^json_schema is not a valid JSON Schema/);
    expect((await post('/generate/json', { url, json_schema: PRODUCT_SCHEMA })).body).toEqual({ error: 'instructions is required' });
    expect((await post('/generate/json', { url, json_schema: PRODUCT_SCHEMA, instructions: 'x', geo_target: 'US' })).body).toEqual({ error: 'geo_target must be an object like {"country": "US"}' });
    expect(fake.requests.length).toBe(0);
  });
});

describe('keys, research, unknown paths', () => {
  it('401 {"error"} without a key', async () => {
    const r = await h.api('POST', `${BASE}/extract/markdown`, { url: 'https://example.com/' });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatch(/No API key was sent/);
  });

  it('research is a 503 saying web search is not available locally (SDK: InternalServerError)', async () => {
    const r = await post('/research', { query: 'widgets' });
    expect(r.status).toBe(503);
    expect(r.body.error).toMatch(/^research is not available locally: it needs a web search provider/);
    await expect(client.agent.research({ query: 'widgets' }, { maxRetries: 0 })).rejects.toMatchObject({ status: 503 });
    expect((await post('/research', {})).body).toEqual({ error: 'query is required' });
  });

  it('an unknown endpoint is a 404 listing the served ones', async () => {
    const r = await post('/crawl', {});
    expect(r.status).toBe(404);
    expect(r.body.error).toMatch(/POST \/automate, POST \/automate\/\{requestId\}\/input, POST \/extract\/markdown/);
  });
});
