// Turning zod issues into one 400 message that names the field and says what to send.
import type { z } from 'zod';
import { ApiError } from './errors.ts';

export function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, 5).map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : 'body';
    return `${field}: ${friendly(issue)}`;
  }).join('; ');
}

function friendly(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const received = /received (\w+)/.exec(issue.message)?.[1];
    if (received === 'undefined') return `required (${issue.expected})`;
    return `expected ${issue.expected}${received ? `, got ${received}` : ''}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') return issue.message.replace(/^Too (small|big): /, '');
  return issue.message.replace(/^Invalid input: /, '');
}

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query'): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new ApiError(400, 'INVALID_PARAMS', `Invalid ${where}: ${describeIssues(r.error)}`, { issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
}
