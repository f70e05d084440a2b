// One MCP server (per HTTP session, or the one of `abpd mcp`): tools from the tool table, offered
// when the daemon has their routes; the abpd://guide resource. The SDK's low-level Server is used on
// purpose: tool schemas are plain JSON Schema derived from the REST routes, and arguments are
// validated by those routes, so an MCP call fails with the same message as the REST call.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema, ErrorCode, ListResourcesRequestSchema, ListToolsRequestSchema, McpError, ReadResourceRequestSchema,
  type CallToolResult, type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../jsonLimits.ts';
import type { Logger } from '../log.ts';
import type { RouteDef } from '../routes/types.ts';
import type { Dispatch } from './dispatch.ts';
import { GUIDE_RESOURCE, readGuide } from './guide.ts';
import type { McpLimits } from './limits.ts';
import { toToolResult } from './results.ts';
import { RouteIndex } from './routeIndex.ts';
import { checkArgs, errorReply, inputSchema, resolveArgs, ToolStop, type ResolvedArg, type ToolDef, type ToolReply } from './toolSchema.ts';
import { TOOLS } from './tools.ts';
import { toolContext } from './toolContext.ts';

export interface Catalog {
  listing: Tool[];
  byName: Map<string, { def: ToolDef; args: Map<string, ResolvedArg> }>;
}

/** The tools this daemon can serve (a tool whose routes are missing is not offered). */
export function buildCatalog(routes: RouteDef[], tools: ToolDef[] = TOOLS): Catalog {
  const index = new RouteIndex(routes);
  const catalog: Catalog = { listing: [], byName: new Map() };
  for (const def of tools) {
    if (!def.routes.every((r) => index.has(r))) continue;
    const args = resolveArgs(def, index);
    catalog.listing.push({
      name: def.name, description: def.description, inputSchema: inputSchema(args, def.schemaExtra) as Tool['inputSchema'],
      ...(def.annotations ? { annotations: def.annotations } : {}),
    });
    catalog.byName.set(def.name, { def, args });
  }
  return catalog;
}

export interface McpServerOptions {
  catalog: Catalog;
  /** The REST path for this request; HTTP /mcp passes the caller's headers on to the REST layer. */
  dispatchFor(headers: Record<string, string | string[] | undefined> | undefined): Dispatch;
  limits: McpLimits;
  version: string;
  log: Logger;
}

const INSTRUCTIONS = 'abpd drives a real Chromium browser. Each tool call is one atomic step and returns the settled page '
  + '(result, events, screenshot); the page is paused between calls. Coordinates are screenshot pixels. '
  + `Read the resource ${GUIDE_RESOURCE.uri} for the details.`;

export function createMcpServer(options: McpServerOptions): Server {
  const server = new Server({ name: 'abpd', version: options.version },
    { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: options.catalog.listing }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const entry = options.catalog.byName.get(name);
    // -32601 (method not found), as ABP's server answers an unknown tool.
    if (!entry) throw new McpError(ErrorCode.MethodNotFound, `Unknown tool: ${name}. tools/list names the tools this daemon offers.`);
    const args = request.params.arguments ?? {};
    // The REST body limit, checked before anything walks the value (checks, JSON.stringify).
    if (nestsDeeperThan(args)) {
      return toToolResult(errorReply(400, 'INVALID_PARAMS', `The arguments nest deeper than ${MAX_JSON_DEPTH} levels (the REST body limit); send a flatter value.`), options.limits);
    }
    const problem = checkArgs(args, entry.args);
    if (problem) return toToolResult(errorReply(400, 'INVALID_PARAMS', problem), options.limits);
    const progressToken = request.params._meta?.progressToken;
    const progress = progressToken === undefined ? undefined : async (value: number, message: string): Promise<void> => {
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: value, message } });
    };
    const ctx = toolContext(args, options.dispatchFor(extra.requestInfo?.headers), extra.signal, progress);
    let reply: ToolReply;
    try {
      reply = await entry.def.run(ctx);
    } catch (err) {
      if (!(err instanceof ToolStop)) options.log.error(`mcp ${name}: ${(err as Error).stack ?? err}`);
      reply = err instanceof ToolStop ? err.reply
        : errorReply(500, 'INTERNAL', `Internal error in ${name}: ${(err as Error).message}. This is a bug in abpd; the daemon log has the details.`);
    }
    return toToolResult(reply, options.limits);
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: [GUIDE_RESOURCE] }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    // abp://guide is the name ABP's own server uses; clients written for it still get the guide.
    if (uri !== GUIDE_RESOURCE.uri && uri !== 'abp://guide') {
      throw new McpError(ErrorCode.InvalidParams, `Unknown resource: ${uri}. resources/list names the resources (${GUIDE_RESOURCE.uri}).`);
    }
    return { contents: [{ uri, mimeType: 'text/markdown', text: readGuide() }] };
  });
  return server;
}
