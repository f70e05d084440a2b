// The one error shape of rest.md §1.2. Everything thrown below the HTTP layer is mapped here once.
import { CdpTimeoutError, ProtocolError, TargetClosedError, TargetCrashedError } from '../cdp/errors.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  /** Machine-readable facts about the refusal (`rpc_code`: the AGENSTAB JSON-RPC code, candidates,
   *  blocker, retry_after_ms, approval id…): sent as the body's `data`. */
  data?: Record<string, unknown>;
  constructor(readonly status: number, readonly code: string, message: string,
    readonly details?: Record<string, unknown>) {
    super(message);
  }

  withData(data: Record<string, unknown>): this {
    this.data = { ...this.data, ...data };
    return this;
  }
}

export const tabNotFound = (id: string): ApiError =>
  new ApiError(404, 'TAB_NOT_FOUND', `Tab not found: ${id}. List open tabs with GET /api/v1/tabs.`);

export const invalidParams = (message: string, details?: Record<string, unknown>): ApiError =>
  new ApiError(400, 'INVALID_PARAMS', message, details);

export const browserUnavailable = (why: string): ApiError =>
  new ApiError(503, 'BROWSER_UNAVAILABLE', `The browser is not available (${why}). While GET /api/v1/browser/status says "restarting", retry in a few seconds.`);

/** Chromium is there but does not answer (stopped, swapping): liveness.ts says so within ~3 s. */
export function browserUnresponsive(why?: string, during = false): ApiError {
  const what = during
    ? 'Chromium stopped answering while this action ran, so what it did (and any value it produced) is unknown; nothing from it is reported. '
      + 'Check the page (GET /api/v1/tabs/{id}, a screenshot) once GET /api/v1/browser/status says "ready", then retry if needed.'
    : 'Chromium is not answering (it may be stopped or swapping). Retry once GET /api/v1/browser/status says "ready" again.';
  return new ApiError(503, 'BROWSER_UNRESPONSIVE', `${what}${why ? ` (${why})` : ''}`).withData({ retry_after_ms: 2_000 });
}

/**
 * The 503 for "Chromium is not there for this request", worded by what the host is doing now (issue
 * 27 item 9: an action caught across a restart that had already finished said "not available
 * (ready)"). `restartedUnder`: the browser the request started on is gone, even if a new one is up.
 */
export function browserUnavailableIn(host: { state: string; message?: string }, restartedUnder = false): ApiError {
  const why = host.message ? ` (${host.message})` : '';
  if (host.state === 'restarting') {
    return new ApiError(503, 'BROWSER_UNAVAILABLE', `The browser is restarting${why}. Retry in a few seconds; GET /api/v1/browser/status says "ready" when it is back (old tab ids are gone then: list them with GET /api/v1/tabs).`);
  }
  if (host.state === 'ready' && restartedUnder) {
    return new ApiError(503, 'BROWSER_UNAVAILABLE', 'The browser restarted while this request ran (Chromium went away and was relaunched); what the request did is unknown and its tab is gone. List tabs with GET /api/v1/tabs and retry there.');
  }
  if (host.state === 'unresponsive') return browserUnresponsive(host.message);
  if (host.state === 'stopped') return new ApiError(503, 'BROWSER_UNAVAILABLE', 'The daemon is shutting down; the browser is closed.');
  if (host.state === 'initializing') return new ApiError(503, 'BROWSER_UNAVAILABLE', 'The browser is still starting. Retry in a moment (GET /api/v1/browser/status says when it is ready).');
  return browserUnavailable(host.message ?? host.state);
}

export const tabCrashed = (id: string): ApiError =>
  new ApiError(409, 'TAB_CRASHED', `The tab's page crashed (its renderer process died). Reload it with POST /api/v1/tabs/${id}/reload (or navigate it), or close it with DELETE /api/v1/tabs/${id}.`);

/**
 * While Chromium is gone (restarting, given up, shutting down) whatever failed, failed because of
 * that: a vanished tab or a dead call is a 503 the client can wait out, not a 404 or a 500.
 */
export function toApiErrorIn(browser: { state: string; message?: string }, err: unknown): ApiError {
  const error = toApiError(err);
  if (browser.state === 'ready' || browser.state === 'initializing' || error.code === 'BROWSER_UNAVAILABLE' || error.code === 'BROWSER_UNRESPONSIVE') return error;
  if (error.status < 500 && error.code !== 'TAB_NOT_FOUND') return error;
  return browserUnavailableIn(browser);
}

/** Maps any thrown value to an ApiError; unknown failures become 500 INTERNAL (logged by the caller). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof TargetCrashedError) return tabCrashed(err.targetId);
  if (err instanceof TargetClosedError) {
    return new ApiError(404, 'TAB_NOT_FOUND', `The tab went away during the request (${err.reason}). List open tabs with GET /api/v1/tabs.`);
  }
  if (err instanceof CdpTimeoutError) {
    return new ApiError(504, 'ACTION_TIMEOUT', `The browser did not answer ${err.method} within ${err.timeoutMs} ms; the page may be busy. Try again, or reload the tab.`);
  }
  if (err instanceof ProtocolError) {
    return new ApiError(500, 'CDP_ERROR', `The browser refused ${err.method}: ${err.protocolMessage}`);
  }
  return new ApiError(500, 'INTERNAL', `Internal error: ${(err as Error)?.message ?? String(err)}. This is a bug in abpd; the daemon log has the details.`);
}
