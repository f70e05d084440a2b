// The history API keeps ABP's own wrapper: {success: true, data} / {success: false, error: CODE, message}.
import type { RouteResponse } from '../routes/types.ts';

export class HistoryError extends Error {
  override name = 'HistoryError';
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

export const historyDisabled = (): HistoryError =>
  new HistoryError(503, 'HISTORY_DISABLED', 'History recording is disabled (the daemon runs with --no-history). Restart it without --no-history to record actions.');

export const historyStarting = (): HistoryError =>
  new HistoryError(503, 'HISTORY_DISABLED', 'History is not open yet: the daemon is still starting. Retry in a moment (GET /api/v1/browser/status says when it is ready).');

export function ok(data: unknown): RouteResponse {
  return { json: { success: true, data } };
}

export function failure(error: HistoryError): RouteResponse {
  return { status: error.status, json: { success: false, error: error.code, message: error.message } };
}
