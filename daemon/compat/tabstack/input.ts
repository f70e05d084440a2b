// POST /automate/{requestId}/input (agent-apis.md §1.4.1): `{fields: [{ref, value}]}` or
// `{cancelled: true}` → 202 `{"status": "accepted"}`, handed to the native task's input route; the
// values go to the page through the daemon and never into a prompt (agent.md: protected values).
import type { DaemonCalls } from '../daemonCalls.ts';
import { badRequest, TabstackError } from './http.ts';
import type { InputRequests } from './inputRequests.ts';

type Field = { ref: string; value: string };

function parseFields(value: unknown): Field[] {
  if (!Array.isArray(value) || value.length === 0) throw badRequest('fields must be a non-empty array of {ref, value}');
  return value.map((f, i) => {
    if (typeof f !== 'object' || f === null) throw badRequest(`fields[${i}] must be an object {ref, value}`);
    const { ref, value: v } = f as { ref?: unknown; value?: unknown };
    if (typeof ref !== 'string' || ref.trim() === '') throw badRequest(`fields[${i}].ref is required (the ref from the request's fields)`);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw badRequest(`fields[${i}].value must be a string`);
    return { ref, value: String(v) };
  });
}

export async function automateInput(calls: DaemonCalls, inputs: InputRequests, requestId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const cancelled = body.cancelled === true;
  if (!cancelled && body.fields === undefined) throw badRequest('fields or cancelled is required: send {"fields": [{"ref": "...", "value": "..."}]} or {"cancelled": true}');
  const native = cancelled ? { request_id: requestId, cancelled: true } : { request_id: requestId, fields: parseFields(body.fields) };
  const taskId = inputs.claim(requestId);
  const reply = await calls.reply('POST', `/tasks/${encodeURIComponent(taskId)}/input`, native);
  if (reply.status === 410 || reply.status === 404) throw new TabstackError(410, `interactive request ${requestId} can no longer be answered: its task has ended or stopped waiting`);
  if (reply.status >= 300) throw new TabstackError(reply.status, String((reply.json as { error?: string } | undefined)?.error ?? `the task refused the input (${reply.status})`));
  return { status: 'accepted' };
}
