// Answers to intercepted native pickers (rest.md §4.14): POST /select/{id}, /datetime-picker/{id}.
import { z } from 'zod';
import { answerInPage } from '../../cdp/pageBridge.ts';
import { ApiError, invalidParams } from '../errors.ts';
import { forgetAfterFrame } from '../frameReuse.ts';
import type { Deps, RouteDef } from '../routes/types.ts';
import { featuresOf, sessionOf, type PickerRecord } from './state.ts';

const FORMATS: Record<string, { re: RegExp; example: string }> = {
  date: { re: /^\d{4,6}-\d{2}-\d{2}$/, example: '2026-06-15' },
  time: { re: /^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/, example: '14:45' },
  'datetime-local': { re: /^\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/, example: '2026-06-15T14:45' },
  month: { re: /^\d{4,6}-\d{2}$/, example: '2026-06' },
  week: { re: /^\d{4,6}-W\d{2}$/, example: '2026-W25' },
};

function take(deps: Deps, id: string, kind: PickerRecord['kind']): PickerRecord {
  const record = featuresOf(deps.host).pickers.get(id);
  if (!record || record.kind !== kind) {
    throw new ApiError(404, 'POPUP_NOT_FOUND', `${kind === 'select' ? 'Select popup' : 'Date/time picker'} not found: ${id}. Ids come from ${kind === 'select' ? 'select_open' : 'datetime_picker_open'} events; each can be answered once.`);
  }
  deps.host.getTab(record.tabId);
  return record;
}

async function answer(deps: Deps, record: PickerRecord, fn: '__abpdAnswerSelect' | '__abpdAnswerDatetime', value: unknown) {
  const tab = deps.host.getTab(record.tabId);
  deps.host.assertNoDialog(tab);
  // The page's change handlers run outside any action: the last after-frame no longer shows it.
  forgetAfterFrame(tab);
  let r: { ok: boolean; error?: string };
  try {
    r = await answerInPage<{ ok: boolean; error?: string }>(sessionOf(record, tab.page.session), record.contextId, fn, record.key, value);
  } catch {
    featuresOf(deps.host).pickers.delete(record.id);
    throw new ApiError(409, 'POPUP_GONE', `The page that opened ${record.id} has navigated or reloaded; open the picker again.`);
  }
  if (!r.ok) {
    if (r.error?.startsWith('the ')) { featuresOf(deps.host).pickers.delete(record.id); throw new ApiError(409, 'POPUP_GONE', `${record.id}: ${r.error}.`); }
    throw invalidParams(r.error ?? 'the page refused the value');
  }
  featuresOf(deps.host).pickers.delete(record.id);
  return { json: value === null ? { success: true, cancelled: true, tab_id: record.tabId } : { success: true, tab_id: record.tabId } };
}

const selectBody = z.object({ indices: z.array(z.number().int().min(0)).min(1).max(10_000).optional(), cancel: z.boolean().optional() }).loose()
  .superRefine((v, ctx) => { if (!v.cancel && !v.indices) ctx.addIssue({ code: 'custom', path: ['indices'], message: 'send "indices": [n] (item indices from the select_open event) or "cancel": true' }); });
const datetimeBody = z.object({ value: z.string().max(64).optional(), cancel: z.boolean().optional() }).loose()
  .superRefine((v, ctx) => { if (!v.cancel && v.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'send "value" (ISO, e.g. "2026-06-15") or "cancel": true' }); });

export const pickerRoutes: RouteDef[] = [
  {
    name: 'select_popup', method: 'POST', path: '/select/:id', kind: 'query', body: selectBody,
    summary: 'Choose options of an intercepted <select> popup (indices) or close it (cancel).',
    async handle(req, deps) {
      const record = take(deps, req.params.id!, 'select');
      const body = req.body as z.infer<typeof selectBody>;
      // The answer is checked in the page: its rules (disabled options, groups) live there.
      return answer(deps, record, '__abpdAnswerSelect', body.cancel ? null : body.indices);
    },
  },
  {
    name: 'datetime_picker', method: 'POST', path: '/datetime-picker/:id', kind: 'query', body: datetimeBody,
    summary: 'Set the value of an intercepted date/time picker (ISO value) or close it (cancel).',
    async handle(req, deps) {
      const record = take(deps, req.params.id!, 'datetime');
      const body = req.body as z.infer<typeof datetimeBody>;
      if (!body.cancel) {
        const format = FORMATS[record.inputType ?? ''];
        if (format && !format.re.test(body.value!)) throw invalidParams(`value: "${body.value}" is not a ${record.inputType} value; send e.g. "${format.example}"`);
      }
      return answer(deps, record, '__abpdAnswerDatetime', body.cancel ? null : body.value);
    },
  },
];
