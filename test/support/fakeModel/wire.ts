// The two wire formats the fake model speaks, plain and streaming: OpenAI Chat Completions and
// Anthropic Messages (agent-apis.md §1.5.2). Only the shapes the AI SDK providers read.
import type { ServerResponse } from 'node:http';

export interface ToolCallOut { id: string; name: string; argsJson: string }
export interface Answer { text?: string; toolCalls: ToolCallOut[]; inputTokens: number; outputTokens: number; model: string }

export function sendOpenAI(res: ServerResponse, a: Answer, stream: boolean, n: number): void {
  const finish = a.toolCalls.length > 0 ? 'tool_calls' : 'stop';
  const usage = { prompt_tokens: a.inputTokens, completion_tokens: a.outputTokens, total_tokens: a.inputTokens + a.outputTokens };
  const id = `chatcmpl-${n}`;
  const created = 1_700_000_000 + n;
  if (!stream) {
    json(res, 200, { id, object: 'chat.completion', created, model: a.model, usage, choices: [{ index: 0, finish_reason: finish, message: {
      role: 'assistant', content: a.text ?? null,
      ...(a.toolCalls.length ? { tool_calls: a.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argsJson } })) } : {}),
    } }] });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: unknown, finishReason: string | null = null): void => {
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: a.model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`);
  };
  chunk({ role: 'assistant', content: '' });
  for (const piece of pieces(a.text ?? '')) chunk({ content: piece });
  a.toolCalls.forEach((c, index) => {
    chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] });
    for (const piece of pieces(c.argsJson)) chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  chunk({}, finish);
  res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: a.model, choices: [], usage })}\n\n`);
  res.end('data: [DONE]\n\n');
}

export function sendAnthropic(res: ServerResponse, a: Answer, stream: boolean, n: number): void {
  const stop = a.toolCalls.length > 0 ? 'tool_use' : 'end_turn';
  const id = `msg_${n}`;
  const content: Record<string, unknown>[] = [];
  if (a.text) content.push({ type: 'text', text: a.text });
  for (const c of a.toolCalls) content.push({ type: 'tool_use', id: c.id, name: c.name, input: safeParse(c.argsJson) });
  if (!stream) {
    json(res, 200, { id, type: 'message', role: 'assistant', model: a.model, content, stop_reason: stop, stop_sequence: null,
      usage: { input_tokens: a.inputTokens, output_tokens: a.outputTokens } });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (type: string, data: Record<string, unknown>): void => { res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`); };
  event('message_start', { message: { id, type: 'message', role: 'assistant', model: a.model, content: [], stop_reason: null, stop_sequence: null,
    usage: { input_tokens: a.inputTokens, output_tokens: 1 } } });
  let index = 0;
  if (a.text) {
    event('content_block_start', { index, content_block: { type: 'text', text: '' } });
    event('ping', {});
    for (const piece of pieces(a.text)) event('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
    event('content_block_stop', { index });
    index += 1;
  }
  for (const c of a.toolCalls) {
    event('content_block_start', { index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } });
    for (const piece of pieces(c.argsJson)) event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
    event('content_block_stop', { index });
    index += 1;
  }
  event('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: a.outputTokens } });
  event('message_stop', {});
  res.end();
}

export function sendError(res: ServerResponse, format: 'openai' | 'anthropic', status: number, message: string, headers: Record<string, string> = {}): void {
  const body = format === 'openai'
    ? { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null } }
    : { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message } };
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Streams in several pieces, so the clients' reassembly is exercised. */
function pieces(text: string): string[] {
  if (!text) return [];
  const size = Math.max(1, Math.ceil(text.length / 3));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function safeParse(text: string): unknown {
  try { return JSON.parse(text); } catch { return {}; }
}
