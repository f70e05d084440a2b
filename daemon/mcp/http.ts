// Streamable HTTP at /mcp (mcp.md): POST one JSON-RPC message → the JSON response; notifications →
// 202; initialize issues an Mcp-Session-Id; DELETE ends a session (204); GET → 405 (no SSE stream:
// abpd never sends server-initiated messages). A request with a missing or unknown session id is
// still served, by a one-off stateless server: ABP clients do not always keep the header, and a
// daemon restart must not strand a client on a dead id ("accept and ignore").
import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Logger } from '../log.ts';
import { originProblem } from './origin.ts';

interface Session { server: Server; transport: WebStandardStreamableHTTPServerTransport; lastUsed: number }

// Sessions hold no browser state (tabs belong to the daemon), so evicting an idle one costs nothing.
const MAX_SESSIONS = 100;
const IDLE_MS = 60 * 60_000;
// Tool arguments may carry file uploads (browser_files content_files), as the REST file-chooser route.
const MAX_BODY_BYTES = 50 * 1024 * 1024;

export interface McpHttpOptions {
  newServer(): Server;
  allowedOrigins: string[];
  allowedHosts: string[];
  log: Logger;
}

function rpcError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }),
    { status, headers: { 'content-type': 'application/json', ...headers } });
}

function isInitialize(message: unknown): boolean {
  const one = (m: unknown): boolean => typeof m === 'object' && m !== null && (m as { method?: unknown }).method === 'initialize';
  return Array.isArray(message) ? message.some(one) : one(message);
}

/**
 * ABP's MCP server put the session id in the initialize answer's body (`_mcpSessionId`; ABP's
 * tools/abp-mcp-test.sh reads it there). abpd sends it beside the header, inside `result`: the
 * official SDK client rejects any extra member at the JSON-RPC message's top level (its response
 * schema is strict, @modelcontextprotocol/sdk 1.32), while a result may carry extra fields.
 */
async function withSessionIdInResult(response: Response): Promise<Response> {
  const sessionId = response.headers.get('mcp-session-id');
  if (!sessionId || !(response.headers.get('content-type') ?? '').includes('application/json')) return response;
  const text = await response.text();
  let body: unknown;
  try { body = JSON.parse(text); } catch { return new Response(text, response); }
  const add = (m: unknown): void => {
    const result = (m as { result?: unknown } | null)?.result;
    if (typeof result === 'object' && result !== null && 'protocolVersion' in result) (result as Record<string, unknown>)._mcpSessionId = sessionId;
  };
  if (Array.isArray(body)) body.forEach(add); else add(body);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers });
}

export class McpHttpEndpoint {
  #sessions = new Map<string, Session>();
  #options: McpHttpOptions;

  constructor(options: McpHttpOptions) { this.#options = options; }

  async handle(request: Request): Promise<Response> {
    const problem = originProblem(request.headers.get('origin'), request.headers.get('host'), this.#options.allowedOrigins, this.#options.allowedHosts);
    if (problem) return rpcError(403, problem);
    const sessionId = request.headers.get('mcp-session-id');
    if (request.method === 'DELETE') {
      if (sessionId) await this.#close(sessionId);
      return new Response(null, { status: 204 });
    }
    if (request.method !== 'POST') {
      return rpcError(405, `${request.method} /mcp is not supported: POST JSON-RPC messages (responses are JSON; abpd offers no SSE stream), DELETE ends a session.`, { allow: 'POST, DELETE' });
    }
    const length = Number(request.headers.get('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) return rpcError(413, `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    const text = await request.text();
    if (text.length > MAX_BODY_BYTES) return rpcError(413, `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    let parsedBody: unknown;
    try { parsedBody = JSON.parse(text); } catch {
      // Left undefined: the SDK transport re-reads the body and answers with its JSON-RPC parse error.
    }
    const forwarded = this.#normalized(request, text);
    const existing = sessionId ? this.#sessions.get(sessionId) : undefined;
    if (existing && !isInitialize(parsedBody)) {
      existing.lastUsed = Date.now();
      return existing.transport.handleRequest(forwarded, { parsedBody });
    }
    if (isInitialize(parsedBody)) return this.#initialize(forwarded, parsedBody);
    return this.#stateless(forwarded, parsedBody);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((id) => this.#close(id)));
  }

  /**
   * We always answer with JSON, so a client that lists only one of application/json and
   * text/event-stream (curl, ABP-era scripts) is served instead of getting the SDK's 406.
   */
  #normalized(request: Request, body: string): Request {
    const headers = new Headers(request.headers);
    headers.set('accept', 'application/json, text/event-stream');
    return new Request(request.url, { method: 'POST', headers, body });
  }

  async #initialize(request: Request, parsedBody: unknown): Promise<Response> {
    this.#evict();
    const server = this.#options.newServer();
    const session: Session = { server, transport: new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => { this.#sessions.set(id, session); },
    }), lastUsed: Date.now() };
    session.transport.onclose = () => { if (session.transport.sessionId) this.#sessions.delete(session.transport.sessionId); };
    await server.connect(session.transport);
    return withSessionIdInResult(await session.transport.handleRequest(request, { parsedBody }));
  }

  async #stateless(request: Request, parsedBody: unknown): Promise<Response> {
    const server = this.#options.newServer();
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request, { parsedBody });
    } finally {
      // With JSON responses the reply is complete here; the one-off server has nothing left to do.
      await server.close();
    }
  }

  async #close(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    if (!session) return;
    this.#sessions.delete(id);
    await session.server.close();
  }

  #evict(): void {
    const now = Date.now();
    for (const [id, s] of this.#sessions) if (now - s.lastUsed > IDLE_MS) void this.#close(id);
    const byAge = [...this.#sessions.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    while (byAge.length >= MAX_SESSIONS) void this.#close(byAge.shift()![0]);
  }
}
