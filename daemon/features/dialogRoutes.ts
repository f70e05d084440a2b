// Dialogs (rest.md §4.10): queries, not actions. They bypass the tab's queue on purpose: the action
// that opened the dialog may still be waiting for its input reply, and only closing it frees it.
import { z } from 'zod';
import { closeDialog } from '../../cdp/dialogs.ts';
import { ProtocolError } from '../../cdp/errors.ts';
import { ApiError } from '../errors.ts';
import { forgetAfterFrame } from '../frameReuse.ts';
import type { Deps, RouteDef } from '../routes/types.ts';

const acceptBody = z.object({ prompt_text: z.string().max(1_000_000).optional() }).loose();

async function close(tabId: string, deps: Deps, accept: boolean, promptText?: string) {
  const tab = deps.host.getTab(tabId);
  if (!tab.page.dialog) throw noDialog(tabId);
  forgetAfterFrame(tab); // the page's script goes on once the dialog is closed
  try {
    await closeDialog(tab.page.session, accept, promptText);
  } catch (err) {
    // Closed meanwhile by the page (navigation) or by another request: same answer as "none".
    if (err instanceof ProtocolError) throw noDialog(tabId);
    throw err;
  }
  return { json: { success: true } };
}

const noDialog = (tabId: string): ApiError =>
  new ApiError(409, 'NO_PENDING_DIALOG', `No dialog is open on tab ${tabId}. GET /api/v1/tabs/${tabId}/dialog tells whether one is.`);

export const dialogRoutes: RouteDef[] = [
  {
    name: 'get_dialog', method: 'GET', path: '/tabs/:id/dialog', kind: 'query', summary: 'The dialog open on the tab, if any.',
    async handle(req, { host }) {
      const d = host.getTab(req.params.id!).page.dialog;
      if (!d) return { json: { present: false } };
      return { json: { present: true, dialog_type: d.type, message: d.message, ...(d.defaultPrompt ? { default_prompt: d.defaultPrompt } : {}) } };
    },
  },
  {
    name: 'accept_dialog', method: 'POST', path: '/tabs/:id/dialog/accept', kind: 'query', body: acceptBody,
    summary: 'Accept (OK) the open dialog; prompt_text answers a prompt().',
    handle: (req, deps) => close(req.params.id!, deps, true, req.body.prompt_text),
  },
  {
    name: 'dismiss_dialog', method: 'POST', path: '/tabs/:id/dialog/dismiss', kind: 'query', body: z.object({}).loose(),
    summary: 'Dismiss (Cancel) the open dialog.',
    handle: (req, deps) => close(req.params.id!, deps, false),
  },
];
