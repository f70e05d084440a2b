// POST /automate's request (agent-apis.md §1.4.1 "Request body"): the vendor's field rules and
// messages, and the native task body (/api/v1/tasks, agent.md §7) it maps onto. camelCase names,
// except `geo_target`; a camelCase `geoTarget` is ignored as the vendor ignores it.
import { badRequest, checkUrl } from './http.ts';

export interface AutomateRequest {
  task: string;
  url?: string;
  data?: Record<string, unknown>;
  guardrails?: string;
  maxIterations: number;
  maxValidationAttempts: number;
  interactive: boolean;
  geoTarget?: { country: string };
}

function integerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function parseAutomate(body: Record<string, unknown>): AutomateRequest {
  if (typeof body.task !== 'string' || body.task.trim() === '') throw badRequest('task is required');
  const url = body.url === undefined || body.url === null ? undefined : checkUrl(body.url);
  if (body.maxIterations !== undefined && !integerIn(body.maxIterations, 1, 100)) throw badRequest('maxIterations must be between 1 and 100');
  if (body.maxValidationAttempts !== undefined && !integerIn(body.maxValidationAttempts, 1, 10)) throw badRequest('maxValidationAttempts must be between 1 and 10');
  if (body.interactive !== undefined && typeof body.interactive !== 'boolean') throw badRequest('interactive must be a boolean');
  if (body.guardrails !== undefined && body.guardrails !== null && typeof body.guardrails !== 'string') throw badRequest('guardrails must be a string');
  const data = body.data;
  if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) throw badRequest('data must be a JSON object');
  const geo = body.geo_target;
  if (geo !== undefined && (typeof geo !== 'object' || geo === null || typeof (geo as { country?: unknown }).country !== 'string')) {
    throw badRequest('geo_target must be an object like {"country": "US"}');
  }
  return {
    task: body.task, url,
    data: data ? data as Record<string, unknown> : undefined,
    guardrails: typeof body.guardrails === 'string' && body.guardrails.trim() !== '' ? body.guardrails : undefined,
    maxIterations: (body.maxIterations as number | undefined) ?? 50,
    maxValidationAttempts: (body.maxValidationAttempts as number | undefined) ?? 3,
    interactive: body.interactive === true,
    geoTarget: geo ? { country: (geo as { country: string }).country } : undefined,
  };
}

/** The native task's body: the same task in a sessions.md session labelled as Tabstack's. */
export function nativeTaskBody(r: AutomateRequest): Record<string, unknown> {
  return {
    task: r.task, ...(r.url ? { url: r.url } : {}), ...(r.data ? { data: r.data } : {}), ...(r.guardrails ? { guardrails: r.guardrails } : {}),
    max_steps: r.maxIterations, max_validation_attempts: r.maxValidationAttempts, interactive: r.interactive,
    session: { labels: { compat: 'tabstack' } },
  };
}
