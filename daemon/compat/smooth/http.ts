// Smooth's HTTP conventions (compat.md "Common rules", agent-apis.md §1.3.1): the key in the
// `apikey` header, every JSON answer wrapped as {"r": …}; refusals keep that wrapper ({"r": null})
// and say why in `detail` (the FastAPI form the vendor's errors take) with the vendor's statuses:
// 400 bad request, 403 not available (here: "not available locally"), 404, 422 validation, 429.
import type { Context } from 'hono';
import type { Config } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import { keyAdvice, keyProblem } from '../keys.ts';

export const SMOOTH_BASE = '/compat/smooth/api/v1';

export class SmoothError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

/** 422 naming the field (the vendor's validation status). */
export const invalid = (field: string, what: string): SmoothError => new SmoothError(422, `${field}: ${what}`);
export const notLocal = (feature: string): SmoothError => new SmoothError(403, `${feature} is not available locally (abpd runs the browser on this machine); remove it from the request`);

export function errorOf(err: unknown): { status: number; message: string } {
  if (err instanceof SmoothError) return { status: err.status, message: err.message };
  if (err instanceof ApiError) return { status: err.status === 400 ? 422 : err.status, message: err.message };
  return { status: 500, message: `abpd failed to serve this request: ${(err as Error)?.message ?? String(err)}` };
}

export function errorResponse(c: Context, err: unknown): Response {
  const { status, message } = errorOf(err);
  return c.json({ r: null, detail: message }, status as 400);
}

export function wrap(c: Context, value: unknown, status = 200): Response {
  return c.json({ r: value }, status as 200);
}

export function keyRefusal(c: Context, config: Pick<Config, 'authToken'>): SmoothError | null {
  const problem = keyProblem(c.req.header('apikey'), config);
  return problem ? new SmoothError(401, keyAdvice(problem, 'an "apikey: <key>" header (the SDK sends SMOOTH_API_KEY)')) : null;
}

/** The JSON object body; anything else is a 400. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') throw new SmoothError(400, 'request body is required: send a JSON object');
  let value: unknown;
  try { value = JSON.parse(text); } catch (err) {
    throw new SmoothError(400, `invalid JSON body (${(err as Error).message}); send a JSON object`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SmoothError(400, 'the body must be a JSON object');
  return value as Record<string, unknown>;
}
