// The HTTP layer: one hono app built from the route table. Parses and validates once, maps every
// error to the single error shape once, logs one line per request.
import { Hono, type Context } from 'hono';
import { ApiError, toApiErrorIn } from './errors.ts';
import type { DaemonPlugin } from './plugins.ts';
import type { Deps, RouteDef, RouteResponse } from './routes/types.ts';
import { binaryHeaders, contentHeadersMiddleware } from './security/contentHeaders.ts';
import { unknownFieldWarnings } from './unknownFields.ts';
import { parseOrThrow } from './validation.ts';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH, nestsDeeperThan } from './jsonLimits.ts';

export const API_PREFIX = '/api/v1';

export function createApp(routes: RouteDef[], deps: Deps, plugins: DaemonPlugin[] = []): Hono {
  const app = new Hono();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const actionId = c.res.headers.get('x-abpd-action-id');
    deps.log.info(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${Math.round(performance.now() - started)}ms${actionId ? ` action=${actionId}` : ''}`);
  });
  // Outermost after the log: refusals by later middleware get the headers too.
  app.use('*', contentHeadersMiddleware());

  for (const plugin of plugins) if (plugin.middleware) app.use('*', plugin.middleware(deps));
  for (const plugin of plugins) plugin.install?.(app, deps, routes);
  for (const route of routes) {
    app.on(route.method, API_PREFIX + route.path, route.mapError
      ? (c) => handle(c, route, deps).catch((err: unknown) => errorResponse(c, route.mapError!(toApiErrorIn(deps.host, err))))
      : (c) => handle(c, route, deps));
  }

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const other = routes.filter((r) => matches(r.path, path.slice(API_PREFIX.length)) && path.startsWith(API_PREFIX));
    if (other.length > 0) {
      return errorResponse(c, new ApiError(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${path}; use ${[...new Set(other.map((r) => r.method))].join(' or ')}.`));
    }
    return errorResponse(c, new ApiError(404, 'NOT_FOUND', `No such route: ${c.req.method} ${path}. The API lives under ${API_PREFIX} (e.g. GET ${API_PREFIX}/tabs).`));
  });

  app.onError((err, c) => {
    const apiError = toApiErrorIn(deps.host, err);
    if (apiError.status >= 500 && apiError.code === 'INTERNAL') deps.log.error(`${c.req.method} ${c.req.url}: ${(err as Error).stack ?? err}`);
    return errorResponse(c, apiError);
  });
  return app;
}

async function handle(c: Context, route: RouteDef, deps: Deps): Promise<Response> {
  const body = route.method === 'POST' || route.method === 'PATCH' ? await readJsonBody(c) : undefined;
  const validBody = route.body ? parseOrThrow(route.body, body ?? {}, 'body') : body;
  const query = route.query ? parseOrThrow(route.query, c.req.query(), 'query') : c.req.query();
  const params = c.req.param() as Record<string, string>;
  // Unknown fields are accepted (other ABP versions send them) but named, so a typo is not silent.
  const warnings = [...unknownFieldWarnings(route.body, body), ...unknownFieldWarnings(route.query, c.req.query(), 'query')];
  if (route.action) {
    const envelope = await deps.runner.run(params.id!, route.action, validBody as Record<string, unknown>, { warnings });
    c.header('x-abpd-action-id', envelope.action_id);
    return c.json(envelope);
  }
  const call = (): Promise<RouteResponse> => route.handle!({ params, body: validBody, query, signal: c.req.raw.signal }, deps);
  const response: RouteResponse = route.records
    ? await deps.runner.recordCommand(route.records, params.id, validBody ?? {}, call, commandResult)
    : await call();
  if ('binary' in response) {
    if (warnings.length > 0) c.header('x-abpd-warnings', JSON.stringify(warnings));
    return c.body(new Uint8Array(response.binary), (response.status ?? 200) as 200,
      binaryHeaders(response.contentType, { inline: response.inline, filename: response.filename }));
  }
  if (warnings.length > 0) {
    // An object answer carries them like the envelope does; any other answer in a header.
    const json = response.json;
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      const own = (json as { warnings?: unknown }).warnings;
      return c.json({ ...json, warnings: [...(Array.isArray(own) ? own : []), ...warnings] }, (response.status ?? 200) as 200);
    }
    c.header('x-abpd-warnings', JSON.stringify(warnings));
  }
  return c.json(response.json, (response.status ?? 200) as 200);
}

function commandResult(response: RouteResponse): { result: unknown; tabId?: string } {
  const json = 'json' in response ? response.json as { id?: unknown } | undefined : undefined;
  return { result: json, tabId: typeof json?.id === 'string' ? json.id : undefined };
}

/** Empty body = {}; anything else must be a JSON object (ABP treats garbage as {}, abpd says so). */
async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.length > MAX_JSON_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${MAX_JSON_BYTES} bytes.`);
  if (text.trim() === '') return {};
  let value: unknown;
  try { value = JSON.parse(text); } catch (err) {
    throw new ApiError(400, 'INVALID_JSON', `The body is not valid JSON (${(err as Error).message}). Send a JSON object, e.g. {"x": 100, "y": 200}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'INVALID_JSON', 'The body must be a JSON object, e.g. {"x": 100, "y": 200}.');
  }
  if (nestsDeeperThan(value)) throw new ApiError(400, 'INVALID_JSON', `The body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  return value;
}

function matches(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.replace(/:[a-z_]+/gi, '[^/]+')}$`);
  return re.test(path);
}

export function errorResponse(c: Context, error: ApiError): Response {
  const extra = error as ApiError & { actionId?: string; events?: unknown[] };
  const body: Record<string, unknown> = { error: error.message, code: error.code };
  if (extra.actionId) { body.action_id = extra.actionId; c.header('x-abpd-action-id', extra.actionId); }
  if (extra.events) body.events = extra.events;
  if (error.details) body.details = error.details;
  if (error.data) body.data = error.data;
  // A rate refusal says when to come back in the header clients already know (RFC 9110 §10.2.3).
  const retryMs = error.data?.retry_after_ms;
  if (typeof retryMs === 'number') c.header('Retry-After', String(Math.max(1, Math.ceil(retryMs / 1000))));
  return c.json(body, error.status as 400);
}
