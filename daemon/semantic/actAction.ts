// POST /tabs/{id}/act (semantic.md §3): act on an agent_id in one atomic step (envelope, settle,
// events) — resolve, check the action fits the role, scroll, hit test, real input; after settle the
// result lists the element lines the action made new or changed.
import { z } from 'zod';
import { ACTIONS, actionsFor } from '../../semantic/roles.ts';
import { RecordTree } from '../../semantic/tree.ts';
import type { ActionContext, ActionDef } from '../action.ts';
import { ApiError, invalidParams } from '../errors.ts';
import { commonFields } from '../schemas.ts';
import { resolveUploadPath } from '../security/paths.ts';
import { dispatchAct, type ActParams } from './actInput.ts';
import { agentId } from './observeAction.ts';
import { assertReachable, pointFor, resolveTarget, type Resolved } from './resolve.ts';
import { absorbTab, RPC, semanticOf } from './state.ts';

const NEEDS: Partial<Record<string, { field: keyof ActParams; what: string }>> = {
  type: { field: 'text', what: '"text": the characters to type' },
  press: { field: 'key', what: '"key": a key name such as "Enter" or "Control+A"' },
  select: { field: 'value', what: '"value": an option value or label (or a list)' },
  upload: { field: 'files', what: '"files": absolute paths of files to upload' },
};

export const actBody = z.object({
  agent_id: agentId,
  action: z.enum(ACTIONS),
  text: z.string().max(100_000).optional(),
  value: z.union([z.string().max(10_000), z.array(z.string().max(10_000)).min(1).max(100)]).optional(),
  key: z.string().min(1).max(64).optional(),
  direction: z.enum(['up', 'down', 'left', 'right']).optional(),
  amount: z.union([z.number().finite().min(1).max(100_000), z.enum(['page'])]).optional(),
  files: z.array(z.string().min(1).max(4096)).min(1).max(100).optional(),
  clear_first: z.boolean().optional(),
  ...commonFields,
}).loose().superRefine((v, ctx) => {
  const need = NEEDS[v.action];
  if (need && v[need.field] === undefined && !(v.action === 'select' && v.text !== undefined)) {
    ctx.addIssue({ code: 'custom', path: [need.field], message: `action "${v.action}" needs ${need.what}` });
  }
  if (v.action === 'fill' && v.text === undefined && typeof v.value !== 'string') {
    ctx.addIssue({ code: 'custom', path: ['text'], message: 'action "fill" needs "text" (or "value"): the new content' });
  }
});
export type ActBody = z.infer<typeof actBody>;

/** The result act builds on; `changed` is added after settle. */
interface ActResult extends Record<string, unknown> { agent_id: string; action: string; point: { x: number; y: number } | null; rebound: boolean }

function checkFits(r: Resolved, p: ActBody): void {
  const allowed = actionsFor(r.entry.kind, r.record);
  if (allowed.includes(p.action)) return;
  throw invalidParams(`action: "${p.action}" does not fit ${r.record.role} ${r.entry.id}; allowed: ${allowed.join(', ')}`)
    .withData({ rpc_code: RPC.INVALID_PARAMS, allowed, agent_id: r.entry.id, role: r.record.role });
}

/** ARIA listbox/combobox: click the option whose name matches (opening the combobox first). */
async function selectAria(ctx: ActionContext, r: Resolved, p: ActBody, at: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const wanted = ((Array.isArray(p.value) ? p.value[0] : p.value) ?? p.text ?? '').trim().toLowerCase();
  let captured = r.captured;
  if (r.record.role === 'combobox' && !r.record.states.includes('expanded')) {
    await ctx.tab.input.click(at.x, at.y);
    captured = await absorbTab(ctx.tab, true);
  }
  const tree = new RecordTree(captured.capture.records);
  const options = captured.capture.records.filter((o) => o.role === 'option' && (r.record.role !== 'listbox' || tree.isWithin(o.key, r.record.key)));
  const option = options.find((o) => o.name.trim().toLowerCase() === wanted) ?? options.find((o) => o.name.trim().toLowerCase().startsWith(wanted));
  if (!option?.bounds) throw invalidParams(`value: no option "${wanted}" is showing; options: ${options.slice(0, 30).map((o) => o.name).join(', ') || 'none'}`);
  const point = { x: Math.round(option.bounds.x + option.bounds.width / 2), y: Math.round(option.bounds.y + option.bounds.height / 2) };
  await ctx.tab.input.click(point.x, point.y);
  return point;
}

async function upload(ctx: ActionContext, r: Resolved, files: string[]): Promise<Record<string, unknown>> {
  if (!ctx.config.allowFileAccess && !ctx.config.uploadRoot) {
    throw new ApiError(403, 'FILE_ACCESS_DENIED', 'files: uploads by path are off; start abpd with --upload-root DIR or --allow-file-access, or click the file input and answer the file_chooser event with content_files.').withData({ rpc_code: RPC.PERMISSION_DENIED });
  }
  const paths = files.map((f, i) => resolveUploadPath({ allowFileAccess: true, uploadRoot: ctx.config.uploadRoot }, f, `files[${i}]`));
  await r.session.send('DOM.setFileInputFiles', { files: paths, backendNodeId: r.record.backendNodeId }, { timeoutMs: 5_000 });
  return { files: paths.length };
}

export const act: ActionDef<ActBody> = {
  type: 'act',
  async run(ctx, p) {
    let r = await resolveTarget(ctx.tab, p.agent_id);
    checkFits(r, p);
    const out: ActResult = { agent_id: r.entry.id, action: p.action, point: null, rebound: r.rebound };
    if (p.action === 'upload') return { ...out, ...(await upload(ctx, r, p.files!)) };
    const positioned = await pointFor(ctx.tab, r, p.agent_id);
    r = positioned.resolved;
    const at = { x: positioned.x, y: positioned.y };
    if (p.action === 'scroll_into_view' || p.action === 'focus') {
      const done = await dispatchAct(ctx, r, p, at);
      return { ...out, ...done.result, point: null };
    }
    await assertReachable(ctx.tab, r, p.agent_id, at.x, at.y);
    if (p.action === 'select' && r.record.tag !== 'select') return { ...out, point: await selectAria(ctx, r, p, at) };
    const done = await dispatchAct(ctx, r, p, at);
    return { ...out, ...done.result, point: done.point };
  },
  async afterSettle(ctx, p, result) {
    try {
      const { capture, result: after } = await absorbTab(ctx.tab, true);
      result.changed = semanticOf(ctx.tab).changedLines(after, capture, /^e\d+$/.test(p.agent_id) ? 'short' : 'slug');
    } catch (err) {
      ctx.warn(`changed: the page could not be read after the action (${(err as Error).message})`);
      result.changed = [];
    }
  },
};
