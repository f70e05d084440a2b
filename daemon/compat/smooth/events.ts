// POST /task/{id}/event (agent-apis.md §1.3.1 "Events"): `tool_call` answers go to the native task
// that waits for them; a session's `browser_action` (goto, extract, evaluate_js) and `session_action`
// (run_task, close) run in order, each answered by an event with the request's `id` and
// `payload: {code, output: {output, credits_used, duration}}` — 200 ok, 400 a bad request (also a
// policy refusal), 500 an internal failure. Every browser step goes through the daemon's routes, so
// the session's policies (allowed_urls, allow_js_eval) and history apply.
import { ApiError } from '../../errors.ts';
import type { ResolvedLlm } from '../../../agent/llm/settings.ts';
import { pageTextForModel, type ReadablePage } from '../tabstack/pageReader.ts';
import { compileSchema, structuredFromPage } from '../tabstack/structured.ts';
import { TabstackError } from '../tabstack/http.ts';
import { invalid, SmoothError } from './http.ts';
import { eventId, type SmoothRecord } from './records.ts';
import { checkMaxSteps, checkMetadata, checkResponseModel, checkUrl } from './request.ts';
import { endSession, finishClose, recordOf, type SurfaceCall } from './tasks.ts';
import { isTerminal, nativeTask, outputOf, smoothStatus } from './view.ts';
import { nativeTaskBody } from './request.ts';
import { frame } from './recording.ts';

/** How long a closed session waits for a poll to carry the close's result before it reads as done anyway. */
export const CLOSE_GRACE_MS = 10_000;
const RUN_POLL_MS = 250;

export interface EventCall extends SurfaceCall { llm: ResolvedLlm }

class ActionFailure extends Error { constructor(readonly code: 400 | 500, message: string) { super(message); } }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const tab = (r: SmoothRecord): string => encodeURIComponent(r.tabId!);

/** A daemon refusal (policy, bad value) is the client's 400; anything else is a 500. */
function failure(err: unknown): ActionFailure {
  if (err instanceof ActionFailure) return err;
  if (err instanceof ApiError || err instanceof SmoothError || err instanceof TabstackError) {
    return new ActionFailure(err.status >= 500 ? 500 : 400, err.message);
  }
  return new ActionFailure(500, (err as Error)?.message ?? String(err));
}

// One session's actions run one after another, in the order they were sent.
const chains = new WeakMap<SmoothRecord, Promise<void>>();

export async function postEvent(s: EventCall, id: string, body: Record<string, unknown>): Promise<{ id: string }> {
  const r = recordOf(s, id);
  const name = body.name;
  if (typeof name !== 'string') throw invalid('name', 'required: "browser_action", "session_action" or "tool_call"');
  if (body.id !== undefined && (typeof body.id !== 'string' || body.id === '')) throw invalid('id', 'must be a non-empty string');
  const payload = body.payload ?? {};
  if (!isObject(payload)) throw invalid('payload', 'must be an object');
  if (name === 'tool_call') return toolReply(s, r, body.id as string | undefined, payload);
  if (name !== 'browser_action' && name !== 'session_action') throw invalid('name', `"${name}" is not an event this API takes: use "browser_action", "session_action" or "tool_call"`);
  if (r.kind !== 'session') throw new SmoothError(400, `${name} events drive a session: open one with POST /task {"task": null}`);
  if (isTerminal(r.status) || r.closing) throw new SmoothError(400, `task ${r.id} is ${r.closing ? 'closing' : r.status}; open a new session with POST /task {"task": null}`);
  const action = payload.name;
  const input = payload.input ?? {};
  if (typeof action !== 'string') throw invalid('payload.name', name === 'browser_action' ? 'required: "goto", "extract" or "evaluate_js"' : 'required: "run_task" or "close"');
  if (!isObject(input)) throw invalid('payload.input', 'must be an object');
  const known = name === 'browser_action' ? ['goto', 'extract', 'evaluate_js'] : ['run_task', 'close'];
  if (!known.includes(action)) throw invalid('payload.name', `"${action}" is not a ${name}: use ${known.map((k) => `"${k}"`).join(', ')}`);
  const eventIdOut = (body.id as string | undefined) ?? eventId();
  const previous = chains.get(r) ?? Promise.resolve();
  const next = previous.then(() => runAction(s, r, name, action, input, eventIdOut)).catch((err: Error) => {
    s.records.note(r, name, { code: 500, output: { output: null, error: err.message, credits_used: 0, duration: 0 } }, eventIdOut);
  });
  chains.set(r, next);
  return { id: eventIdOut };
}

async function runAction(s: EventCall, r: SmoothRecord, name: string, action: string, input: Record<string, unknown>, id: string): Promise<void> {
  const started = Date.now();
  const answer = (code: number, output: unknown, error?: string): void => {
    s.records.note(r, name, { code, output: { output, ...(error ? { error } : {}), credits_used: 0, duration: (Date.now() - started) / 1000 } }, id);
  };
  if (isTerminal(r.status)) { answer(400, null, `the session is ${r.status}`); return; }
  try {
    if (action === 'close') {
      await endSession(s, r);
      answer(200, true);
      const eventTs = r.own.at(-1)!.timestamp;
      r.closing = { eventTs, seen: false, timer: setTimeout(() => finishClose(s, r), CLOSE_GRACE_MS) };
      r.closing.timer.unref?.();
      return;
    }
    const output = action === 'goto' ? await goto(s, r, input)
      : action === 'evaluate_js' ? await evaluateJs(s, r, input)
        : action === 'extract' ? await extract(s, r, input)
          : await runTask(s, r, input);
    answer(200, output);
    if (action !== 'extract') await frame(s.calls, s.recordings, r.id, r.tabId, action);
  } catch (err) {
    const f = failure(err);
    answer(f.code, null, f.message);
  }
}

async function goto(s: EventCall, r: SmoothRecord, input: Record<string, unknown>): Promise<null> {
  const url = checkUrlOr400(input.url, 'input.url');
  const nav = await s.calls.json<{ result: { error_text?: string } }>('POST', `/tabs/${tab(r)}/navigate`, { url, screenshot: { area: 'none' } });
  if (nav.result.error_text) throw new ActionFailure(400, `could not load ${url}: ${nav.result.error_text}`);
  return null;
}

function checkUrlOr400(value: unknown, field: string): string {
  try {
    const url = checkUrl(value, field);
    if (!url) throw invalid(field, 'required');
    return url;
  } catch (err) { throw new ActionFailure(400, (err as Error).message); }
}

/** An expression's value; a function is called with `args` (compat.md "Smooth"); promises awaited. */
async function evaluateJs(s: EventCall, r: SmoothRecord, input: Record<string, unknown>): Promise<unknown> {
  if (typeof input.js !== 'string' || input.js.trim() === '') throw new ActionFailure(400, 'input.js: required, a JavaScript expression or function');
  const args = input.args ?? {};
  const script = `(async () => { const __abpdValue = (${input.js}\n); return typeof __abpdValue === 'function' ? await __abpdValue(${JSON.stringify(args)}) : await __abpdValue; })()`;
  const out = await s.calls.json<{ result: { type: string; value?: unknown; exception?: { text: string } } }>('POST', `/tabs/${tab(r)}/execute`, { script, screenshot: { area: 'none' } });
  if (out.result.type === 'exception') throw new ActionFailure(400, `the script threw: ${out.result.exception?.text ?? 'an exception'}`);
  return out.result.value ?? null;
}

/** The page's readable text and the schema, one model call, the answer checked against the schema. */
async function extract(s: EventCall, r: SmoothRecord, input: Record<string, unknown>): Promise<unknown> {
  if (!isObject(input.schema)) throw new ActionFailure(400, 'input.schema: required, a JSON Schema object');
  const { schema, validate } = compileSchema(input.schema);
  const page = await s.calls.json<ReadablePage>('POST', `/tabs/${tab(r)}/readable`, {});
  const prompt = typeof input.prompt === 'string' && input.prompt.trim() ? input.prompt : 'Extract the data the schema describes from this page.';
  return structuredFromPage({ llm: s.llm, schema, validate, instructions: prompt, pageUrl: page.url, pageText: pageTextForModel(page) });
}

/** A native task in this session, from the current page; answered when it ends. */
async function runTask(s: EventCall, r: SmoothRecord, input: Record<string, unknown>): Promise<unknown> {
  let body: Record<string, unknown>;
  try {
    if (typeof input.task !== 'string' || input.task.trim() === '') throw invalid('input.task', 'required, the task in plain language');
    const secrets = input.secrets;
    if (secrets !== undefined && secrets !== null && !isObject(secrets)) throw invalid('input.secrets', 'must be {name: {value, allowed_urls}}');
    let url = checkUrl(input.url, 'input.url');
    if (!url) {
      const current = await s.calls.json<{ url?: string }>('GET', `/tabs/${tab(r)}`).catch(() => ({ url: undefined }));
      url = current.url && /^https?:/.test(current.url) ? current.url : undefined;
    }
    body = nativeTaskBody({
      task: input.task, maxSteps: checkMaxSteps(input.max_steps, 'input.max_steps'), agent: r.runDefaults.agent, customTools: r.runDefaults.customTools,
      responseModel: checkResponseModel(input.response_model, 'input.response_model'), url, metadata: checkMetadata(input.metadata, 'input.metadata'),
      secrets: secrets as Record<string, unknown> | undefined,
    }, { sessionId: r.sessionId! });
  } catch (err) { throw new ActionFailure(400, (err as Error).message); }
  const created = await s.calls.json<{ task_id: string }>('POST', '/tasks', body);
  r.nativeTasks.push(created.task_id);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, RUN_POLL_MS));
    const t = await nativeTask(s.calls, created.task_id);
    const status = smoothStatus(t.status);
    if (!isTerminal(status)) continue;
    // Later browser actions continue where the task left the session (its tab).
    if (t.tab_id) { r.tabId = t.tab_id; r.tabIds.push(t.tab_id); }
    if (status !== 'done') throw new ActionFailure(500, `the task ${status}: ${t.error?.message ?? 'no answer'}`);
    return outputOf(t);
  }
}

/** A client's answer to a custom tool call: to the native task waiting for that id. */
async function toolReply(s: EventCall, r: SmoothRecord, id: string | undefined, payload: Record<string, unknown>): Promise<{ id: string }> {
  if (!id) throw invalid('id', 'required for a tool_call answer: the id of the tool_call event it answers');
  const code = payload.code ?? 200;
  if (code !== 200 && code !== 400 && code !== 500) throw invalid('payload.code', 'must be 200, 400 or 500');
  const output = code === 200 ? payload.output ?? null : `the tool failed (code ${String(code)}): ${typeof payload.output === 'string' ? payload.output : JSON.stringify(payload.output ?? null)}`;
  for (const native of [...r.nativeTasks].reverse()) {
    const reply = await s.calls.reply('POST', `/tasks/${encodeURIComponent(native)}/input`, { tool_call_id: id, output });
    if (reply.status === 202) return { id };
  }
  throw new SmoothError(404, `no tool call ${id} is waiting in task ${r.id} (it was answered, timed out, or its task ended)`);
}
