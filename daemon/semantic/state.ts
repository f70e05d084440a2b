// The daemon's side of the semantic layer: one SemanticSession (registry) per tab, captures through
// cdp/semanticCapture.ts, and the errors of semantic.md §3 with AGENSTAB's JSON-RPC codes.
import { captureSemantic, type CaptureIndex } from '../../cdp/semanticCapture.ts';
import { SemanticSession, type Candidate } from '../../semantic/session.ts';
import type { CaptureResult } from '../../semantic/registry.ts';
import type { Capture } from '../../semantic/types.ts';
import { ApiError } from '../errors.ts';
import { TargetClosedError, TargetCrashedError } from '../../cdp/errors.ts';
import type { Tab } from '../tab.ts';
import { keep, markBeforeCapture, reuse } from './captureCache.ts';

const sessions = new WeakMap<Tab, SemanticSession>();

export function semanticOf(tab: Tab): SemanticSession {
  let s = sessions.get(tab);
  if (!s) { s = new SemanticSession(); sessions.set(tab, s); }
  return s;
}

/** True once the tab has been observed (marked screenshots then carry agent_ids without asking). */
export const hasSemantic = (tab: Tab): boolean => sessions.has(tab);

export interface Captured { capture: Capture; index: CaptureIndex }

const RETRY_AFTER_MS = 100;

/** `fresh`: after something this request did itself (scrolled, clicked) — never the kept capture. */
export async function captureTab(tab: Tab, fresh = false): Promise<Captured> {
  if (!fresh) {
    const kept = reuse<Captured>(tab);
    if (kept) return kept;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const before = markBeforeCapture(tab);
      // cdp/ mirrors semantic/'s record type; this assignment is where the two are checked to agree.
      const { capture, index }: { capture: Capture; index: CaptureIndex } = await captureSemantic(tab.page, tab.log);
      keep(tab, { capture, index }, before);
      return { capture, index };
    } catch (err) {
      // A frame committing or detaching mid-read answers "no frame/node with given id": read again once.
      if (err instanceof TargetClosedError || err instanceof TargetCrashedError || tab.closed || tab.page.crashed) throw err;
      if (attempt > 0) {
        throw new ApiError(409, 'PAGE_NOT_READY', `The page changed while it was being read (${(err as Error).message}); try again, or wait_for {"navigation": true} first.`)
          .withData({ rpc_code: RPC.SERVER, retry_after_ms: 200 });
      }
      tab.log(`semantic: capture failed, reading again (${(err as Error).message})`);
      await new Promise((r) => setTimeout(r, RETRY_AFTER_MS));
    }
  }
}

/** A capture an act takes for itself: bindings move on, the client's markers do not. */
export async function absorbTab(tab: Tab, fresh = false): Promise<Captured & { result: CaptureResult }> {
  const captured = await captureTab(tab, fresh);
  return { ...captured, result: semanticOf(tab).absorb(captured.capture) };
}

export const RPC = { ELEMENT_NOT_FOUND: -32001, PERMISSION_DENIED: -32002, INTERSTITIAL_BLOCKED: -32004, RATE_LIMIT: -32006,
  NAVIGATION_TIMEOUT: -32007, INVALID_PARAMS: -32602, INTERNAL: -32603, SERVER: -32000 } as const;

/** AGENSTAB's JSON-RPC code for any error a semantic route answers with (`error.data.rpc_code`). */
export function withRpcCode(error: ApiError): ApiError {
  if (error.data?.rpc_code !== undefined) return error;
  const byCode: Record<string, number> = { ELEMENT_NOT_FOUND: RPC.ELEMENT_NOT_FOUND, INTERSTITIAL_BLOCKED: RPC.INTERSTITIAL_BLOCKED,
    INVALID_PARAMS: RPC.INVALID_PARAMS, INVALID_JSON: RPC.INVALID_PARAMS, ACTION_NOT_ALLOWED: RPC.INVALID_PARAMS };
  const code = byCode[error.code] ?? (error.status === 403 ? RPC.PERMISSION_DENIED : error.status === 429 ? RPC.RATE_LIMIT
    : error.status >= 500 ? RPC.INTERNAL : error.status === 400 ? RPC.INVALID_PARAMS : RPC.SERVER);
  return error.withData({ rpc_code: code });
}

export function elementNotFound(id: string, reason: 'unknown' | 'stale', candidates: Candidate[], field = 'agent_id'): ApiError {
  const why = reason === 'unknown' ? `no element "${id}" was ever observed in this tab` : `"${id}" is stale (its page navigated, or it has been gone for more than 3 observes)`;
  const next = candidates.length > 0 ? ` Current matches: ${candidates.map((c) => c.agent_id).join(', ')}.` : ' Observe the page again (POST /tabs/{id}/observe).';
  return new ApiError(404, 'ELEMENT_NOT_FOUND', `${field}: ${why}.${next}`)
    .withData({ rpc_code: RPC.ELEMENT_NOT_FOUND, reason, agent_id: id, candidates });
}
