// Tabstack's HTTP conventions (agent-apis.md §1.4.1 "HTTP errors"): every refusal before a stream
// is `{"error": "<text>"}` with the status; keys as `Authorization: Bearer` (compat.md "Common
// rules", checked by ../keys.ts). The daemon's own refusals (ApiError) keep their status and text.
import type { Context } from 'hono';
import type { Config } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import { keyAdvice, keyFromBearer, keyProblem } from '../keys.ts';

export const TABSTACK_BASE = '/compat/tabstack/v1';

export class TabstackError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export const badRequest = (message: string): TabstackError => new TabstackError(400, message);

/** The status and text a failure is answered with (a crash is a 500 saying what went wrong). */
export function errorOf(err: unknown): { status: number; message: string } {
  if (err instanceof TabstackError) return { status: err.status, message: err.message };
  if (err instanceof ApiError) return { status: err.status, message: err.message };
  return { status: 500, message: `abpd failed to serve this request: ${(err as Error)?.message ?? String(err)}` };
}

export function errorResponse(c: Context, err: unknown): Response {
  const { status, message } = errorOf(err);
  if (status === 401) c.header('WWW-Authenticate', 'Bearer realm="tabstack"');
  return c.json({ error: message }, status as 400);
}

/** Null when the caller's key may pass, else the 401 to send. */
export function keyRefusal(c: Context, config: Pick<Config, 'authToken'>): TabstackError | null {
  const problem = keyProblem(keyFromBearer(c.req.header('authorization')), config);
  return problem ? new TabstackError(401, keyAdvice(problem, '"Authorization: Bearer <key>" (the SDK sends TABSTACK_API_KEY)')) : null;
}

/** The JSON object body; anything else is the vendor's 400. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') throw badRequest('request body is required: send a JSON object');
  let value: unknown;
  try { value = JSON.parse(text); } catch (err) {
    throw badRequest(`invalid JSON body (${(err as Error).message}); send a JSON object`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the body must be a JSON object');
  return value as Record<string, unknown>;
}

/** The vendor's `url` rule: an absolute http(s) URL. */
export function checkUrl(value: unknown, field = 'url'): string {
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(`${field} is required`);
  let parsed: URL;
  try { parsed = new URL(value); } catch { throw badRequest('invalid URL format'); }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badRequest('invalid URL format');
  return value;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${field} must be a string`);
  return v;
}

const EFFORTS = new Set(['min', 'standard', 'max']);

/** Fields the cloud uses for caching, effort tiers and regions: accepted, with nothing to do locally. */
export function checkCloudFields(body: Record<string, unknown>): void {
  if (body.effort !== undefined && !EFFORTS.has(body.effort as string)) throw badRequest('effort must be one of min, standard, max');
  if (body.nocache !== undefined && typeof body.nocache !== 'boolean') throw badRequest('nocache must be a boolean');
  const geo = body.geo_target;
  if (geo !== undefined && (typeof geo !== 'object' || geo === null || typeof (geo as { country?: unknown }).country !== 'string')) {
    throw badRequest('geo_target must be an object like {"country": "US"}');
  }
}
