// JSON-RPC 2.0 framing (jsonrpc.org/specification): one text frame holds a request, a notification
// (no id: run, never answered) or a batch (an array: answered as an array without the
// notifications, or not at all). Malformed frames get the spec's errors; nothing here throws.
import { RpcError, toRpcError } from './rpcErrors.ts';

export type RpcId = string | number | null;
export interface RpcResponse {
  jsonrpc: '2.0';
  id: RpcId;
  result?: unknown;
  error?: ReturnType<RpcError['toJson']>;
}
export type CallMethod = (method: string, params: unknown) => Promise<unknown>;

/** A batch larger than this is refused as a whole (each element is a browser action). */
export const MAX_BATCH = 100;
const MAX_DEPTH = 64;

function errorResponse(id: RpcId, err: RpcError): RpcResponse {
  return { jsonrpc: '2.0', id, error: err.toJson() };
}

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return depth;
  let max = depth + 1;
  for (const child of Object.values(value)) max = Math.max(max, depthOf(child, depth + 1));
  return max;
}

function validId(id: unknown): id is RpcId {
  return id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
}

/** One request object of a frame or batch; null when it was a notification. */
async function handleOne(message: unknown, call: CallMethod): Promise<RpcResponse | null> {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return errorResponse(null, new RpcError(-32600, 'Each request must be an object: {"jsonrpc": "2.0", "id": 1, "method": "browser.observe", "params": {}}.'));
  }
  const m = message as Record<string, unknown>;
  const notification = !('id' in m);
  const id: RpcId = validId(m.id) ? m.id : null;
  if (!notification && !validId(m.id)) return errorResponse(null, new RpcError(-32600, '"id" must be a string, a number or null.', { param: 'id' }));
  if (m.jsonrpc !== '2.0') return notification ? null : errorResponse(id, new RpcError(-32600, '"jsonrpc" must be exactly "2.0".', { param: 'jsonrpc' }));
  if (typeof m.method !== 'string' || m.method === '') return notification ? null : errorResponse(id, new RpcError(-32600, '"method" must be a non-empty string, e.g. "browser.observe".', { param: 'method' }));
  if (m.params !== undefined && (typeof m.params !== 'object' || m.params === null)) {
    return notification ? null : errorResponse(id, new RpcError(-32602, 'params: must be an object (by name), e.g. {"agent_id": "submit_btn"}.', { param: 'params' }));
  }
  try {
    const result = await call(m.method, m.params);
    return notification ? null : { jsonrpc: '2.0', id, result };
  } catch (err) {
    return notification ? null : errorResponse(id, toRpcError(err, m.method));
  }
}

/** A whole text frame → the text to send back, or null when nothing is answered. */
export async function handleFrame(text: string, call: CallMethod): Promise<string | null> {
  let message: unknown;
  try { message = JSON.parse(text); } catch (err) {
    return JSON.stringify(errorResponse(null, new RpcError(-32700, `The frame is not valid JSON (${(err as Error).message}). Send one JSON-RPC 2.0 object or an array of them per text frame.`)));
  }
  if (depthOf(message) > MAX_DEPTH) return JSON.stringify(errorResponse(null, new RpcError(-32600, `The frame nests deeper than ${MAX_DEPTH} levels.`)));
  if (!Array.isArray(message)) {
    const response = await handleOne(message, call);
    return response ? JSON.stringify(response) : null;
  }
  if (message.length === 0) return JSON.stringify(errorResponse(null, new RpcError(-32600, 'An empty batch ([]) holds no request; send at least one.')));
  if (message.length > MAX_BATCH) return JSON.stringify(errorResponse(null, new RpcError(-32600, `A batch of ${message.length} requests is larger than ${MAX_BATCH}; split it.`)));
  // In order, one after another: a batch like [create_session, navigate, observe] means that order.
  const responses: RpcResponse[] = [];
  for (const item of message) {
    const response = await handleOne(item, call);
    if (response) responses.push(response);
  }
  return responses.length > 0 ? JSON.stringify(responses) : null;
}
