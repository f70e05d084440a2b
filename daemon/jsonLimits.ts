// The JSON limits of a request body, shared by REST (app.ts) and MCP tool arguments (issue 27 item
// 7: a 200k-deep MCP argument overflowed the stack in argument checks). The depth walk is iterative
// and stops at the limit, so measuring a hostile value can never overflow either.
export const MAX_JSON_BYTES = 50 * 1024 * 1024;
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests deeper than `max` levels (an object or array is one level). */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}
