// The one place where a failing CDP call is allowed to fail: the caller states why that is fine.
export function bestEffort(promise: Promise<unknown>, why: string, log?: (line: string) => void): void {
  promise.catch((err: unknown) => log?.(`best-effort call failed (${why}): ${(err as Error).message}`));
}

/** Like bestEffort, but awaitable: resolves to undefined on failure. */
export async function tryCall<T>(promise: Promise<T>): Promise<T | undefined> {
  try { return await promise; } catch { return undefined; }
}
