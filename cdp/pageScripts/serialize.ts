// Turns a self-contained function into a script source with its arguments bound. tsx/esbuild
// (keepNames) wraps nested functions in `__name(fn, "name")`, a helper that exists only in Node: the
// page gets its own copy so the serialized code runs there unchanged.
const NAME_HELPER = 'const __name = (target, value) => { try { Object.defineProperty(target, "name", { value, configurable: true }); } catch (e) { /* frozen */ } return target; };';

export function scriptSource(fn: (...args: never[]) => unknown, ...args: unknown[]): string {
  return `(() => { ${NAME_HELPER} (${fn.toString()})(${args.map((a) => JSON.stringify(a)).join(', ')}); })();`;
}

/** An expression that evaluates to fn(...args) (for Runtime.evaluate). */
export function callExpression(fn: (...args: never[]) => unknown, ...args: unknown[]): string {
  return `(() => { ${NAME_HELPER} return (${fn.toString()})(${args.map((a) => JSON.stringify(a)).join(', ')}); })()`;
}
