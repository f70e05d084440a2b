// One route table: every REST route is a row with its schema and handler (house.md "Declarations
// are data"). MCP tools and the CLI reuse these rows.
import type { z } from 'zod';
import type { ResolvedLlm } from '../../agent/llm/settings.ts';
import type { ActionDef } from '../action.ts';
import type { BrowserHost } from '../browserHost.ts';
import type { Config } from '../config.ts';
import type { ApiError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ActionRunner } from '../runner.ts';

export interface Deps {
  host: BrowserHost;
  runner: ActionRunner;
  config: Config;
  log: Logger;
  /** The model agent tasks use (its key is not enumerable: never serialised). */
  llm: ResolvedLlm;
  /** Asks the daemon to shut down cleanly (after the response is sent). */
  requestShutdown(reason: string): void;
}

export interface RouteRequest<B = unknown, Q = unknown> {
  params: Record<string, string>;
  body: B;
  query: Q;
  signal: AbortSignal;
}

export type RouteResponse =
  | { status?: number; json: unknown }
  /** Binary answers go out as attachments (security/contentHeaders.ts); `inline` only for an image abpd encoded. */
  | { status?: number; binary: Buffer; contentType: string; inline?: boolean; filename?: string };

export interface RouteDef {
  name: string;
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  /** Hono path under /api/v1, e.g. `/tabs/:id/click`. */
  path: string;
  kind: 'action' | 'query';
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each row pairs its own schema and action
  action?: ActionDef<any>;
  handle?: (req: RouteRequest<any, any>, deps: Deps) => Promise<RouteResponse>;
  /** A query route that changes state (tab commands): recorded in history under this action type. */
  records?: string;
  /** Adds route-family facts to every error this route answers with (the semantic routes' rpc_code). */
  mapError?: (error: ApiError) => ApiError;
  /** Docs (docs/api.md, /api/v1/openapi.json, the GET /api/v1 index); all optional, derived when absent. */
  docs?: RouteDocs;
}

export interface RouteDocs {
  /** Section of the reference (default: from the path, e.g. "browser", "tabs", "actions", "dialog"). */
  group?: string;
  /** What a 200 answers, in one sentence (default: the envelope for actions, "JSON" otherwise). */
  answer?: string;
  /** An example request body (default: built from the schema's required fields); it is checked against the schema. */
  example?: Record<string, unknown>;
  /** Route-specific errors beside the common ones. */
  errors?: { status: number; code: string; when: string }[];
}
