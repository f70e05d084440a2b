// A vendor surface's calls into the daemon's own routes (in-process, through the hono app, so the
// security middleware, the runner, policies and history see each one): a JSON answer, or the route's
// refusal rebuilt as the ApiError it was, for the surface to map into its vendor's error shape.
import { ApiError } from '../errors.ts';
import type { Dispatch, RestReply } from '../mcp/dispatch.ts';

export interface ErrorBody { error?: string; code?: string; data?: Record<string, unknown>; details?: Record<string, unknown>; action_id?: string }

/** The daemon answered that the route itself does not exist (a feature not in this build). */
export function isMissingRoute(reply: RestReply): boolean {
  const body = reply.json as ErrorBody | undefined;
  return reply.status === 404 && body?.code === 'NOT_FOUND';
}

export function replyError(reply: RestReply): ApiError {
  const body = (reply.json ?? {}) as ErrorBody;
  const err = new ApiError(reply.status, body.code ?? 'INTERNAL', body.error ?? `HTTP ${reply.status}`, body.details);
  const data = { ...body.data, ...(body.action_id ? { action_id: body.action_id } : {}) };
  if (Object.keys(data).length > 0) err.withData(data);
  return err;
}

export class DaemonCalls {
  constructor(readonly dispatch: Dispatch) {}

  /** The raw reply (for callers that look at a missing route or a status themselves). */
  reply(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<RestReply> {
    return this.dispatch({ method, path, body });
  }

  /** The JSON answer of a 2xx; anything else is thrown as the route's ApiError. */
  async json<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const reply = await this.reply(method, path, body);
    if (reply.status >= 200 && reply.status < 300) return reply.json as T;
    throw replyError(reply);
  }
}
