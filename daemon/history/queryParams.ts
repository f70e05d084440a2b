// Query-string reading for the history routes: ABP clamps limits into range, but a value that is
// not a number at all is a 400 INVALID_QUERY naming the parameter.
import { HistoryError } from './historyErrors.ts';

export type Direction = 'forward' | 'backward';

export class QueryParams {
  constructor(readonly raw: Record<string, string | undefined>) {}

  string(name: string): string | undefined {
    const v = this.raw[name];
    return v === undefined || v === '' ? undefined : v;
  }

  /** A whole number (epoch ms, rowid cursor...); `min` rejects, it does not clamp. */
  int(name: string, min = 0): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!/^-?\d{1,16}$/.test(v) || Number(v) < min) {
      throw new HistoryError(400, 'INVALID_QUERY', `${name}: expected a whole number${min > 0 ? ` ≥ ${min}` : ' ≥ 0'}, got "${v.slice(0, 40)}"`);
    }
    return Number(v);
  }

  /** ABP clamps limit-like values into [min, max]. */
  clamped(name: string, fallback: number, min: number, max: number): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if (!/^-?\d{1,16}$/.test(v)) throw new HistoryError(400, 'INVALID_QUERY', `${name}: expected a whole number between ${min} and ${max}, got "${v.slice(0, 40)}"`);
    return Math.min(max, Math.max(min, Number(v)));
  }

  bool(name: string, fallback?: boolean): boolean | undefined {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    throw new HistoryError(400, 'INVALID_QUERY', `${name}: expected true or false, got "${v.slice(0, 40)}"`);
  }

  direction(): Direction {
    const v = this.string('direction');
    if (v === undefined || v === 'backward') return 'backward';
    if (v === 'forward') return 'forward';
    throw new HistoryError(400, 'INVALID_QUERY', `direction: expected backward (newest first, the default) or forward (oldest first), got "${v.slice(0, 40)}"`);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) throw new HistoryError(400, 'INVALID_QUERY', `${name}: expected ${allowed.join(' or ')}, got "${v.slice(0, 40)}"`);
    return v as T;
  }
}
