// AGI's HTTP conventions (agent-apis.md §1.2.1, compat.md "Common rules"): FastAPI-style refusals
// `{"detail": …}` with the status (404 "Session not found", 409 "already_paused"…), every success of
// a control call `{success, message}`, keys as `Authorization: Bearer`. The daemon's own refusals
// (ApiError) keep their status and text.
import type { Context } from 'hono';
import type { Config } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import { keyAdvice, keyFromBearer, keyProblem } from '../keys.ts';

export const AGI_BASE = '/compat/agi/v1';

/** `detail` is the vendor's short text (an SDK may compare it); `message` says what to do. */
export class AgiError extends Error {
  constructor(readonly status: number, readonly detail: string, message?: string) { super(message ?? detail); }
}

export const badRequest = (message: string): AgiError => new AgiError(400, message);
export const sessionNotFound = (id: string): AgiError =>
  new AgiError(404, 'Session not found', `No AGI session ${id} (deleted, or never created here); list them with GET ${AGI_BASE}/sessions.`);

export function errorResponse(c: Context, err: unknown): Response {
  if (err instanceof AgiError) {
    if (err.status === 401) c.header('WWW-Authenticate', 'Bearer realm="agi"');
    return c.json(err.message === err.detail ? { detail: err.detail } : { detail: err.detail, message: err.message }, err.status as 400);
  }
  if (err instanceof ApiError) return c.json({ detail: err.message, code: err.code }, err.status as 400);
  return c.json({ detail: `abpd failed to serve this request: ${(err as Error)?.message ?? String(err)}` }, 500);
}

export function keyRefusal(c: Context, config: Pick<Config, 'authToken'>): AgiError | null {
  const problem = keyProblem(keyFromBearer(c.req.header('authorization')), config);
  return problem ? new AgiError(401, keyAdvice(problem, '"Authorization: Bearer <key>"')) : null;
}

/** A JSON object body; an empty body is `{}` (control calls send none). */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let value: unknown;
  try { value = JSON.parse(text); } catch (err) { throw badRequest(`invalid JSON body (${(err as Error).message}); send a JSON object`); }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the body must be a JSON object');
  return value as Record<string, unknown>;
}

/** The vendor's URL fields: absolute http(s), at most 2000 characters. */
export function checkHttpUrl(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(`${field}: required, an absolute http(s) URL`);
  if (value.length > 2000) throw badRequest(`${field}: at most 2000 characters (got ${value.length})`);
  let parsed: URL;
  try { parsed = new URL(value); } catch { throw badRequest(`${field}: not a URL ("${value.slice(0, 80)}"); send an absolute http(s) URL`); }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badRequest(`${field}: must be an http or https URL (got ${parsed.protocol})`);
  return value;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${field}: must be a string`);
  return v;
}

export const ok = (message: string): Record<string, unknown> => ({ success: true, message });
