// A task's `files` for the agent (compat.md "Smooth": "usable by the agent for uploads"): the agent
// gets one more tool, attach_file {ref, file_id}, and this surface answers it itself — it clicks the
// file input (POST /tabs/{tab}/act), which opens a file chooser abpd intercepts, and answers that
// chooser with the file's bytes (POST /file-chooser/{id} content_files). The tool's calls are native
// custom-tool calls, so they show in the task's events (as `file_attach`, not as a client tool_call).
import type { DaemonCalls } from '../daemonCalls.ts';
import type { FileStore, StoredFile } from './files.ts';
import { invalid } from './http.ts';
import { isTerminal, smoothStatus } from './view.ts';

export const ATTACH_TOOL = 'attach_file';
const WATCH_MS = 200;

export function attachTool(files: StoredFile[]): { name: string; description: string; parameters: Record<string, unknown> } {
  return {
    name: ATTACH_TOOL,
    description: `Put one of the task's files into a file input: ref = the file input's agent_id, file_id = one of: ${files.map((f) => `${f.id} (${f.name}, ${f.bytes.length} bytes)`).join('; ')}.`,
    parameters: { type: 'object', properties: { ref: { type: 'string' }, file_id: { type: 'string', enum: files.map((f) => f.id) } }, required: ['ref', 'file_id'] },
  };
}

export function checkFiles(store: FileStore, ids: string[]): StoredFile[] {
  return ids.map((id, i) => {
    const f = store.get(id);
    if (!f) throw invalid(`files[${i}]`, `no file ${id}; upload it first with POST /file (files last for this abpd run)`);
    return f;
  });
}

interface Envelope { events?: { type: string; data?: Record<string, unknown>; id?: string }[]; result?: Record<string, unknown> }

async function attach(calls: DaemonCalls, tabId: string, ref: string, file: StoredFile): Promise<string> {
  const clicked = await calls.reply('POST', `/tabs/${encodeURIComponent(tabId)}/act`, { agent_id: ref, action: 'click', screenshot: { area: 'none' } });
  if (clicked.status !== 200) return `could not click [${ref}]: ${(clicked.json as { error?: string })?.error ?? clicked.status}`;
  const events = (clicked.json as Envelope).events ?? [];
  const chooser = events.find((e) => e.type === 'file_chooser');
  const chooserId = (chooser?.data?.id ?? (chooser as { id?: string } | undefined)?.id) as string | undefined;
  if (!chooserId) return `[${ref}] opened no file chooser: give the agent_id of a file input (or of the button that opens one)`;
  const answered = await calls.reply('POST', `/file-chooser/${encodeURIComponent(chooserId)}`, {
    content_files: [{ filename: file.name, data: file.bytes.toString('base64'), mime_type: file.mime }],
  });
  if (answered.status !== 200) return `the file chooser refused ${file.name}: ${(answered.json as { error?: string })?.error ?? answered.status}`;
  // A short wait action: the page's change handlers get (virtual) time to run, and, being an action
  // through the runner, it marks the page touched for the semantic capture cache (a file-chooser
  // answer is not an action), so the agent's next observation is taken afresh.
  await calls.reply('POST', `/tabs/${encodeURIComponent(tabId)}/wait`, { ms: 100, screenshot: { area: 'none' } }).catch(() => undefined);
  return `attached ${file.name} (${file.bytes.length} bytes) to [${ref}]`;
}

/** Answers the task's attach_file calls until it ends. */
export async function serveAttachments(calls: DaemonCalls, taskId: string, files: StoredFile[]): Promise<void> {
  const answered = new Set<string>();
  let after = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
    const t = await calls.json<{ status: string; tab_id: string | null }>('GET', `/tasks/${encodeURIComponent(taskId)}`).catch(() => null);
    if (!t) return;
    const r = await calls.json<{ events: { id: number; type: string; data: Record<string, unknown> }[] }>('GET', `/tasks/${encodeURIComponent(taskId)}/events?after_id=${after}`).catch(() => ({ events: [] }));
    for (const e of r.events) {
      after = Math.max(after, e.id);
      if (e.type !== 'tool_call' || e.data.name !== ATTACH_TOOL) continue;
      const callId = String(e.data.toolCallId);
      if (answered.has(callId)) continue;
      answered.add(callId);
      const input = (e.data.input ?? {}) as { ref?: string; file_id?: string };
      const file = files.find((f) => f.id === input.file_id);
      const output = !file ? `no file ${String(input.file_id)} in this task; use one of ${files.map((f) => f.id).join(', ')}`
        : !t.tab_id || !input.ref ? 'ref: the file input\'s agent_id is required'
          : await attach(calls, t.tab_id, input.ref, file).catch((err: Error) => `attaching failed: ${err.message}`);
      await calls.reply('POST', `/tasks/${encodeURIComponent(taskId)}/input`, { tool_call_id: callId, output });
    }
    if (isTerminal(smoothStatus(t.status))) return;
  }
}
