// navigate, back, forward, reload (rest.md §4.3). Navigation actions wait for the new document to
// load and for the requests it starts (ABP: tracking_timeout 5000 ms for these).
import { z } from 'zod';
import type { Protocol } from 'devtools-protocol';
import type { ActionContext, ActionDef } from '../action.ts';
import { ApiError, invalidParams } from '../errors.ts';
import { CdpTimeoutError } from '../../cdp/errors.ts';
import { commonFields } from '../schemas.ts';

const NAVIGATION_SETTLE = { trackingTimeoutMs: 5_000 };

export const navigateBody = z.object({ url: z.string().min(1).max(2 * 1024 * 1024), ...commonFields }).loose();

export function checkNavigableUrl(raw: string, allowFileAccess: boolean): string {
  let url: URL;
  try { url = new URL(raw); } catch {
    throw invalidParams(`url: "${raw.slice(0, 100)}" is not an absolute URL; send e.g. "https://example.com/"`);
  }
  const protocol = url.protocol;
  if (protocol === 'http:' || protocol === 'https:' || protocol === 'data:' || url.href === 'about:blank') return url.href;
  if (protocol === 'file:') {
    if (allowFileAccess) return url.href;
    throw new ApiError(403, 'FILE_ACCESS_DENIED', 'url: file:// navigation is off; start abpd with --allow-file-access to allow it.');
  }
  throw invalidParams(`url: the ${protocol} scheme is not supported; use http(s), data: or about:blank`);
}

/** Watches the main document's response so the result can carry its HTTP status. */
async function navigateAndReport(ctx: ActionContext, start: () => Promise<{ errorText?: string }>): Promise<{ error_text?: string; http_status?: number }> {
  const page = ctx.tab.page;
  let status: number | undefined;
  const off = page.session.on('Network.responseReceived', (e: Protocol.Network.ResponseReceivedEvent) => {
    if (e.type === 'Document' && (e.frameId === page.mainFrameId || !e.frameId)) status = e.response.status;
  });
  try {
    const r = await start();
    const out: { error_text?: string; http_status?: number } = {};
    if (r.errorText) out.error_text = r.errorText;
    if (status !== undefined) out.http_status = status;
    return out;
  } finally {
    // The response may come after the navigate reply for slow servers; the settle step will see it.
    setTimeout(off, 10_000).unref();
  }
}

export const navigate: ActionDef<z.infer<typeof navigateBody>> = {
  type: 'navigate',
  navigation: true,
  settle: NAVIGATION_SETTLE,
  async run(ctx, params) {
    const url = checkNavigableUrl(params.url, ctx.config.allowFileAccess);
    const extra = await navigateAndReport(ctx, async () => {
      // A session's navigation_timeout_ms bounds the wait for the first response too (the runner
      // then stops the load and answers 504 NAVIGATION_TIMEOUT).
      const limit = ctx.tab.navigationTimeoutMs;
      const r = await ctx.tab.page.session.send('Page.navigate', { url, transitionType: 'typed' }, { timeoutMs: limit ? Math.min(limit, 15_000) : 15_000 })
        .catch(async (err: unknown) => {
          if (!limit || !(err instanceof CdpTimeoutError)) throw err;
          await ctx.tab.page.session.send('Page.stopLoading').catch(() => undefined);
          ctx.tab.navigationTimedOut = true;
          return { errorText: undefined };
        });
      return { errorText: r.errorText };
    });
    return { status: 'navigated', url, ...extra };
  },
};

async function historyEntry(ctx: ActionContext, delta: -1 | 1): Promise<number> {
  const h = await ctx.tab.page.session.send('Page.getNavigationHistory');
  const entry = h.entries[h.currentIndex + delta];
  if (!entry) {
    const which = delta < 0 ? 'back' : 'forward';
    throw new ApiError(409, delta < 0 ? 'CANNOT_GO_BACK' : 'CANNOT_GO_FORWARD', `Cannot go ${which}: the tab has no ${which === 'back' ? 'earlier' : 'later'} history entry.`);
  }
  return entry.id;
}

export const back: ActionDef<Record<string, unknown>> = {
  type: 'back', navigation: true, settle: NAVIGATION_SETTLE,
  async run(ctx) {
    const entryId = await historyEntry(ctx, -1);
    await ctx.tab.page.session.send('Page.navigateToHistoryEntry', { entryId });
    return { status: 'navigated_back' };
  },
};

export const forward: ActionDef<Record<string, unknown>> = {
  type: 'forward', navigation: true, settle: NAVIGATION_SETTLE,
  async run(ctx) {
    const entryId = await historyEntry(ctx, 1);
    await ctx.tab.page.session.send('Page.navigateToHistoryEntry', { entryId });
    return { status: 'navigated_forward' };
  },
};

export const reloadBody = z.object({ ignore_cache: z.boolean().optional(), ...commonFields }).loose();
export const reload: ActionDef<z.infer<typeof reloadBody>> = {
  type: 'reload', navigation: true, settle: NAVIGATION_SETTLE,
  async run(ctx, params) {
    await ctx.tab.page.session.send('Page.reload', { ignoreCache: params.ignore_cache ?? false });
    return { status: 'reloaded' };
  },
};

/** Back/forward pre-check for query routes (GET /tabs/{id} can_go_back). */
export async function historyFlags(ctx: Pick<ActionContext, 'tab'>): Promise<{ can_go_back: boolean; can_go_forward: boolean }> {
  const h = await ctx.tab.page.session.send('Page.getNavigationHistory');
  return { can_go_back: h.currentIndex > 0, can_go_forward: h.currentIndex < h.entries.length - 1 };
}
