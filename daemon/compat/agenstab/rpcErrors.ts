// AGENSTAB's error table (reference/agenstab.txt "Error Codes", compat.md): nine JSON-RPC codes with
// their names, the HTTP status REST answers with the same body, and the JSON-RPC 2.0 codes of the
// transport itself. Every daemon refusal is mapped here once (the daemon's own routes say which
// vendor code applies in `error.data.rpc_code`, semantic.md / sessions.md).
import { ApiError } from '../../errors.ts';

export interface RpcErrorRow { code: number; name: string; status: number; means: string }

export const VENDOR_ERRORS: RpcErrorRow[] = [
  { code: -32001, name: 'ELEMENT_NOT_FOUND', status: 404, means: 'No mapped element for the given agent_id.' },
  { code: -32002, name: 'PERMISSION_DENIED', status: 403, means: 'Action blocked by session policy (e.g. allow_js_eval=false).' },
  { code: -32003, name: 'DOMAIN_RESTRICTED', status: 403, means: "Navigation target is not in the session's domain_allowlist." },
  { code: -32004, name: 'INTERSTITIAL_BLOCKED', status: 409, means: 'A modal, popup or overlay is blocking the target element.' },
  { code: -32005, name: 'SESSION_EXPIRED', status: 410, means: 'Session has been terminated or token_ttl has elapsed.' },
  { code: -32006, name: 'RATE_LIMIT_EXCEEDED', status: 429, means: 'Actions per minute limit (600 APM) breached.' },
  { code: -32007, name: 'NAVIGATION_TIMEOUT', status: 504, means: 'Page failed to load within the configured timeout.' },
  { code: -32008, name: 'VLM_GROUNDING_FAILED', status: 502, means: 'Visual grounding failed, or no vision model is configured.' },
  { code: -32009, name: 'HITL_THRESHOLD_EXCEEDED', status: 423, means: 'High-value transaction detected; session paused for human review.' },
];

/** JSON-RPC 2.0's own codes, and -32000 for any other daemon refusal (its ABP code in data). */
export const TRANSPORT_ERRORS: RpcErrorRow[] = [
  { code: -32700, name: 'PARSE_ERROR', status: 400, means: 'The frame is not valid JSON.' },
  { code: -32600, name: 'INVALID_REQUEST', status: 400, means: 'The frame is not a JSON-RPC 2.0 request object.' },
  { code: -32601, name: 'METHOD_NOT_FOUND', status: 404, means: 'No such method.' },
  { code: -32602, name: 'INVALID_PARAMS', status: 400, means: 'A parameter is missing or has the wrong type; data.param names it.' },
  { code: -32603, name: 'INTERNAL_ERROR', status: 500, means: 'A bug in abpd; the daemon log has the details.' },
  { code: -32000, name: 'SERVER_ERROR', status: 500, means: 'Any other refusal of the daemon; data.abp_code and data.http_status say which.' },
];

const BY_CODE = new Map([...VENDOR_ERRORS, ...TRANSPORT_ERRORS].map((row) => [row.code, row]));
const BY_NAME = new Map(VENDOR_ERRORS.map((row) => [row.name, row]));
const VENDOR_BY_CODE = new Map(VENDOR_ERRORS.map((row) => [row.code, row]));

export class RpcError extends Error {
  override name = 'RpcError';
  constructor(readonly code: number, message: string, readonly data: Record<string, unknown> = {},
    /** The REST status (the table's, or the daemon's own for -32000). */
    readonly status: number = BY_CODE.get(code)?.status ?? 500) {
    super(message);
  }

  get errorName(): string { return BY_CODE.get(this.code)?.name ?? 'SERVER_ERROR'; }

  /** The JSON-RPC error object: message = "<NAME>: what to do", data.name = the bare name. */
  toJson(): { code: number; message: string; data: Record<string, unknown> } {
    return { code: this.code, message: `${this.errorName}: ${this.message}`, data: { name: this.errorName, ...this.data } };
  }
}

export function vendorError(name: string, message: string, data: Record<string, unknown> = {}): RpcError {
  const row = BY_NAME.get(name);
  if (!row) throw new Error(`unknown AGENSTAB error ${name}`);
  return new RpcError(row.code, message, data);
}

export const invalidParam = (param: string, message: string, extra: Record<string, unknown> = {}): RpcError =>
  new RpcError(-32602, `${param}: ${message}`, { param, ...extra });

/** The daemon's refusal as AGENSTAB reports it; `method` decides cases the daemon cannot know. */
export function fromApiError(err: ApiError, method: string): RpcError {
  const { rpc_code: rpcCode, ...facts } = err.data ?? {};
  const data: Record<string, unknown> = { ...facts, abp_code: err.code, http_status: err.status };
  // One of the nine: the table's REST status. A transport code (-32000, -32602…) keeps the daemon's.
  const vendor = (typeof rpcCode === 'number' ? VENDOR_BY_CODE.get(rpcCode) : undefined) ?? BY_NAME.get(err.code);
  if (vendor) return new RpcError(vendor.code, err.message, data);
  // A navigation that did not finish within the action deadline is the vendor's navigation timeout.
  if (err.status === 504 && /navigate/.test(method)) return new RpcError(-32007, err.message, data);
  if (err.code === 'INVALID_PARAMS' || rpcCode === -32602) {
    const message = err.message.replace(/^Invalid (body|query): /, '');
    const issues = (err.details?.issues ?? []) as Array<{ path?: string[] }>;
    const param = issues[0]?.path?.join('.') || /^([A-Za-z_][\w.]*):/.exec(message)?.[1];
    return new RpcError(-32602, message, param ? { param, ...data } : data, err.status);
  }
  return new RpcError(err.status >= 500 && rpcCode === -32603 ? -32603 : -32000, err.message, data, err.status);
}

/** Anything thrown while serving a call, as a JSON-RPC error (never a crash). */
export function toRpcError(err: unknown, method: string): RpcError {
  if (err instanceof RpcError) return err;
  if (err instanceof ApiError) return fromApiError(err, method);
  return new RpcError(-32603, `${(err as Error)?.message ?? String(err)}. This is a bug in abpd; the daemon log has the details.`);
}
