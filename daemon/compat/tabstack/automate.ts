// POST /automate → text/event-stream (compat.md "Tabstack"): a native task (POST /api/v1/tasks) and
// its event stream (GET /api/v1/tasks/:id/events as SSE), both through the daemon's own app, re-sent
// as Tabstack frames — an `event:` and a `data:` line each, `done` last. Refusals come before the
// stream as `{"error"}`; a client that goes away cancels the task.
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { API_PREFIX } from '../../app.ts';
import type { Config } from '../../config.ts';
import { ApiError } from '../../errors.ts';
import type { DaemonCalls } from '../daemonCalls.ts';
import { TabstackError } from './http.ts';
import { nativeTaskBody, parseAutomate } from './automateRequest.ts';
import { geoTargetIgnored, mapEvent, newStreamState, type OutEvent } from './eventMap.ts';
import type { InputRequests } from './inputRequests.ts';

const NO_ANSWER = 'Nobody can answer questions during a Tabstack automate task. Decide with what you have, or finish with abort.';

export interface AutomateDeps { app: Hono; config: Config; calls: DaemonCalls; inputs: InputRequests }

interface NativeFrame { event: string; data: Record<string, unknown> }

/** SSE frames out of a byte stream (comments — heartbeats — come back as event ''). */
async function* frames(body: ReadableStream<Uint8Array>): AsyncGenerator<NativeFrame> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = '';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (!event) { yield { event: '', data: {} }; continue; }
      let parsed: Record<string, unknown> = {};
      try { parsed = JSON.parse(data.join('\n')) as Record<string, unknown>; } catch { parsed = {}; }
      yield { event, data: parsed };
    }
  }
}

/** The native task's SSE, in-process, as the daemon (the caller's key was checked against the same token). */
async function nativeEvents(d: AutomateDeps, host: string, taskId: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const headers: Record<string, string> = { host, accept: 'text/event-stream' };
  if (d.config.authToken) headers.authorization = `Bearer ${d.config.authToken}`;
  const r = await d.app.request(`${API_PREFIX}/tasks/${encodeURIComponent(taskId)}/events`, { headers, signal });
  if (r.status !== 200 || !r.body) throw new Error(`the task's event stream answered ${r.status}: ${(await r.text()).slice(0, 200)}`);
  return r.body;
}

export async function automate(c: Context, d: AutomateDeps, body: Record<string, unknown>): Promise<Response> {
  const request = parseAutomate(body);
  let created: { task_id: string };
  try {
    created = await d.calls.json<{ task_id: string }>('POST', '/tasks', nativeTaskBody(request));
  } catch (err) {
    // The vendor's 503 text, with the daemon's reason (which model setting is missing).
    if (err instanceof ApiError && err.status === 503) throw new TabstackError(503, `automate service not available: ${err.message}`);
    throw err;
  }
  const taskId = created.task_id;
  const host = c.req.header('host')!;
  const reader = new AbortController();
  let finished = false;
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => {
      reader.abort();
      // A client that went away cancels its task (the catalogue's complete/done go to no one).
      if (!finished) void d.calls.reply('POST', `/tasks/${encodeURIComponent(taskId)}/cancel`).catch(() => undefined);
    });
    const state = newStreamState();
    const send = async (e: OutEvent): Promise<void> => { await stream.writeSSE({ event: e.event, data: JSON.stringify(e.data) }); };
    try {
      for await (const frame of frames(await nativeEvents(d, host, taskId, reader.signal))) {
        if (stream.aborted) break;
        if (frame.event === '') { await stream.write(': heartbeat\n\n'); continue; }
        for (const out of mapEvent(state, frame.event, frame.data)) await send(out);
        if (frame.event === 'task:setup' && request.geoTarget) await send(geoTargetIgnored(state, request.geoTarget));
        for (const requestId of state.formRequests.splice(0)) {
          d.inputs.issue(requestId, taskId, () => {
            void d.calls.reply('POST', `/tasks/${encodeURIComponent(taskId)}/input`, { request_id: requestId, cancelled: true }).catch(() => undefined);
          });
        }
        for (const requestId of state.questions.splice(0)) {
          void d.calls.reply('POST', `/tasks/${encodeURIComponent(taskId)}/input`, { request_id: requestId, answer: NO_ANSWER }).catch(() => undefined);
        }
        if (frame.event === 'done') { finished = true; break; }
      }
      // The native stream ended without its `done` (it always sends one; this keeps the rule anyway).
      if (!finished && !stream.aborted) { finished = true; await send({ event: 'done', data: {} }); }
    } catch (err) {
      if (!stream.aborted) {
        // The runner's own failure inside the stream: the vendor's `error` event, then `done`.
        await send({ event: 'error', data: { success: false, error: { message: (err as Error).message, code: 'TASK_FAILED', timestamp: new Date().toISOString() } } });
        await send({ event: 'done', data: {} });
      }
    } finally {
      d.inputs.closeTask(taskId);
    }
  });
}
