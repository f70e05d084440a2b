// Tabstack's non-agent endpoints (compat.md "Tabstack"): /extract/markdown on the browser alone,
// /extract/json and /generate/json with one model call, /research refused (it needs web search).
import type { Deps } from '../../routes/types.ts';
import type { DaemonCalls } from '../daemonCalls.ts';
import { badRequest, checkCloudFields, checkUrl, optionalString, TabstackError } from './http.ts';
import { metadataOf, pageTextForModel, readPage, toMarkdown } from './pageReader.ts';
import { compileSchema, requireModel, structuredFromPage } from './structured.ts';

export interface Call { body: Record<string, unknown>; calls: DaemonCalls; deps: Deps; signal: AbortSignal }

export async function extractMarkdown({ body, calls }: Call): Promise<Record<string, unknown>> {
  const url = checkUrl(body.url);
  checkCloudFields(body);
  if (body.metadata !== undefined && typeof body.metadata !== 'boolean') throw badRequest('metadata must be a boolean');
  const page = await readPage(calls, url);
  return { url: page.url, content: toMarkdown(page), ...(body.metadata ? { metadata: metadataOf(page) } : {}) };
}

const EXTRACT_INSTRUCTIONS = 'Extract the data the JSON Schema describes from the page below. Use only what the page says; '
  + 'where the page has no value for a field, leave it out unless the schema requires it.';

export async function extractJson({ body, calls, deps, signal }: Call): Promise<Record<string, unknown>> {
  const url = checkUrl(body.url);
  const { schema, validate } = compileSchema(body.json_schema);
  checkCloudFields(body);
  requireModel(deps.llm);
  const page = await readPage(calls, url);
  return structuredFromPage({ llm: deps.llm, schema, validate, instructions: EXTRACT_INSTRUCTIONS, pageUrl: page.url, pageText: pageTextForModel(page), signal });
}

export async function generateJson({ body, calls, deps, signal }: Call): Promise<Record<string, unknown>> {
  const instructions = optionalString(body, 'instructions');
  if (!instructions || instructions.trim() === '') throw badRequest('instructions is required');
  const url = checkUrl(body.url);
  const { schema, validate } = compileSchema(body.json_schema);
  checkCloudFields(body);
  requireModel(deps.llm);
  const page = await readPage(calls, url);
  return structuredFromPage({
    llm: deps.llm, schema, validate, pageUrl: page.url, pageText: pageTextForModel(page), signal,
    instructions: `Generate a JSON object that matches the JSON Schema, following these instructions, using the page below as the source:\n${instructions}`,
  });
}

export async function research({ body }: Call): Promise<never> {
  if (typeof body.query !== 'string' || body.query.trim() === '') throw badRequest('query is required');
  throw new TabstackError(503, 'research is not available locally: it needs a web search provider, and abpd has none. '
    + 'Use /automate with a url to browse a known site, or /extract/markdown and /extract/json on pages you name.');
}
