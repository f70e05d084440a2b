// A fake model server over real HTTP (agent.md §9): OpenAI Chat Completions (/v1/chat/completions)
// and Anthropic Messages (/v1/messages), plain and streaming, scripted per test, recording every
// request. The provider layer talks to it exactly as to a hosted model.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_PLAN, DEFAULT_VALIDATION, describeTarget, resolveTarget, type ModelRequest, type Script, type Turn } from './script.ts';
import { json, sendAnthropic, sendError, sendOpenAI, type Answer, type ToolCallOut } from './wire.ts';

export interface FakeModel {
  /** http://127.0.0.1:PORT/v1 — what --llm-base-url takes. */
  baseUrl: string;
  /** Replaces the script and forgets the recorded requests. */
  script(script: Script): void;
  requests: ModelRequest[];
  /** Step requests only (the calls that offered the browser tools). */
  steps(): ModelRequest[];
  /** Every byte every request carried, for "this value never reached the model" checks. */
  allText(): string;
  close(): Promise<void>;
}

export async function startFakeModel(): Promise<FakeModel> {
  let script: Script = {};
  let stepIndex = 0;
  let validationIndex = 0;
  let callCount = 0;
  const requests: ModelRequest[] = [];
  const sockets = new Set<Socket>();

  const answerFor = (req: ModelRequest): Turn | { structured: unknown } => {
    if (req.kind === 'plan') return { structured: script.plan ?? DEFAULT_PLAN };
    if (req.kind === 'validate') return { structured: script.validations?.[validationIndex++] ?? DEFAULT_VALIDATION };
    const turns = script.turns;
    const index = stepIndex++;
    if (typeof turns === 'function') return turns(req, index);
    const turn = turns?.[index];
    if (turn) return turn;
    return req.kind === 'step' ? { tool: 'abort', args: { reason: `fake model: the script has no turn ${index + 1}` } } : { text: 'fake model: script exhausted' };
  };

  const server = createServer((req, res) => { void handle(req, res); });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/v1/models') { json(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model' }] }); return; }
    const format = path.endsWith('/chat/completions') ? 'openai' : path.endsWith('/messages') ? 'anthropic' : null;
    if (req.method !== 'POST' || !format) { json(res, 404, { error: { message: `fake model: no route ${req.method} ${path}` } }); return; }
    let body: Record<string, any>;
    try { body = JSON.parse(raw) as Record<string, any>; } catch { json(res, 400, { error: { message: 'fake model: body is not JSON' } }); return; }
    const request = describe(format, path, req, body, raw);
    requests.push(request);
    callCount += 1;
    const n = callCount;
    const turn = answerFor(request);
    const model = String(body.model ?? 'fake-model');
    const usage = { inputTokens: Math.ceil(raw.length / 4), outputTokens: 20, model };
    if ('structured' in turn) { sendStructured(res, request, turn.structured, usage, n); return; }
    if ('fault' in turn) {
      if (turn.fault === 'hang') return; // the socket stays open until the client aborts or close()
      if (turn.fault === 'rate_limit') { sendError(res, format, 429, 'fake model: rate limited', { 'retry-after': String(turn.retryAfterS ?? 1) }); return; }
      if (turn.fault === 'server_error') { sendError(res, format, 500, 'fake model: internal error'); return; }
      send(res, request, { ...usage, toolCalls: [{ id: callId(format, n), name: turn.tool, argsJson: '{"ref": "unterminated' }] }, n);
      return;
    }
    if ('object' in turn) { sendStructured(res, request, turn.object, usage, n); return; }
    if (!('tool' in turn)) { send(res, request, { ...usage, text: turn.text, toolCalls: [] }, n); return; }
    const args: Record<string, unknown> = { ...turn.args };
    if (turn.target) {
      const id = resolveTarget(request.lastUserText, turn.target);
      if (!id) {
        const reason = `fake model: no element ${describeTarget(turn.target)} in the observation`;
        send(res, request, { ...usage, toolCalls: [{ id: callId(format, n), name: 'abort', argsJson: JSON.stringify({ reason }) }] }, n);
        return;
      }
      args.ref = id;
    }
    // `also`: more tool calls in the same answer (a model that ignores "one tool per turn").
    const extra = (turn.also ?? []).map((c, i) => ({ id: `${callId(format, n)}_${i + 2}`, name: c.tool, argsJson: JSON.stringify(c.args ?? {}) }));
    send(res, request, { ...usage, text: turn.reasoning, toolCalls: [{ id: callId(format, n), name: turn.tool, argsJson: JSON.stringify(args) }, ...extra] }, n);
  }

  const send = (res: ServerResponse, req: ModelRequest, a: Answer, n: number): void => {
    if (req.format === 'openai') sendOpenAI(res, a, req.stream, n); else sendAnthropic(res, a, req.stream, n);
  };
  /** Structured output in whatever form the request asked for: JSON text, or the forced `json` tool. */
  const sendStructured = (res: ServerResponse, req: ModelRequest, value: unknown, usage: Omit<Answer, 'toolCalls'>, n: number): void => {
    const forcedTool = req.format === 'anthropic' ? forcedToolOf(req.body) : null;
    const argsJson = JSON.stringify(value);
    send(res, req, forcedTool ? { ...usage, toolCalls: [{ id: callId(req.format, n), name: forcedTool, argsJson }] } : { ...usage, text: argsJson, toolCalls: [] }, n);
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script(next) { script = next; stepIndex = 0; validationIndex = 0; requests.length = 0; },
    steps: () => requests.filter((r) => r.kind === 'step'),
    allText: () => requests.map((r) => r.raw).join('\n'),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Anthropic structured output without native support: one `json` tool the model must call. */
function forcedToolOf(body: Record<string, any>): string | null {
  const choice = body.tool_choice;
  if (choice?.type === 'tool') return String(choice.name);
  const tools: any[] = Array.isArray(body.tools) ? body.tools : [];
  if (choice?.type === 'any' && tools.length === 1) return String(tools[0].name);
  return null;
}

function callId(format: 'openai' | 'anthropic', n: number): string {
  return format === 'openai' ? `call_${n}` : `toolu_${n}`;
}

function describe(format: 'openai' | 'anthropic', path: string, req: IncomingMessage, body: Record<string, any>, raw: string): ModelRequest {
  const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
  const textOf = (content: unknown): string => typeof content === 'string' ? content
    : Array.isArray(content) ? content.map((p: any) => typeof p?.text === 'string' ? p.text : typeof p?.content === 'string' ? p.content : Array.isArray(p?.content) ? textOf(p.content) : '').join('\n') : '';
  const system = format === 'openai' ? messages.filter((m) => m.role === 'system').map((m) => textOf(m.content)).join('\n') : textOf(body.system);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user' || m.role === 'tool');
  const tools: any[] = Array.isArray(body.tools) ? body.tools : [];
  const toolNames = tools.map((t) => String(t.function?.name ?? t.name ?? ''));
  const schema = format === 'openai'
    ? body.response_format?.json_schema?.schema
    : body.output_config?.format?.schema ?? tools.find((t) => t.name === forcedToolOf(body))?.input_schema;
  const props = Object.keys(schema?.properties ?? {});
  const kind: ModelRequest['kind'] = props.includes('successCriteria') ? 'plan' : props.includes('completionQuality') ? 'validate'
    : schema ? 'extract' : toolNames.includes('click') ? 'step' : 'other';
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
  return { format, path, headers, body, raw, at: Date.now(), kind, system, lastUserText: lastUser ? textOf(lastUser.content) : '', toolNames, schema, stream: body.stream === true };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
