// Held permission prompts (rest.md §4.15): only geolocation is held; the agent grants (with a
// position) or denies, as an action on the tab that asked, so the page's callback runs and settles.
import { z } from 'zod';
import { answerInPage } from '../../cdp/pageBridge.ts';
import { denyGeolocation, grantGeolocation } from '../../cdp/permissions.ts';
import type { ActionDef } from '../action.ts';
import { ApiError, invalidParams } from '../errors.ts';
import type { Deps, RouteDef } from '../routes/types.ts';
import { commonFields } from '../schemas.ts';
import { answerOnce, featuresOf, sessionOf, type PermissionRecord } from './state.ts';

const grantBody = z.object({
  permission_type: z.string().min(1).max(64),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  accuracy: z.number().min(0).max(1e7).optional(),
  ...commonFields,
}).loose();
const denyBody = z.object({ permission_type: z.string().min(1).max(64), ...commonFields }).loose();

interface AnswerParams extends z.infer<typeof grantBody> { record: PermissionRecord; grant: boolean; started: () => void }

const answerPermission: ActionDef<AnswerParams> = {
  type: 'permission_answer',
  async run(ctx, p) {
    p.started();
    const browser = ctx.host.requireBrowser();
    const { record } = p;
    if (p.grant) {
      await grantGeolocation(browser.browserSession, [ctx.tab.page.session, sessionOf(record, ctx.tab.page.session)], ctx.tab.page.browserContextId, record.origin,
        { latitude: p.latitude!, longitude: p.longitude!, accuracy: p.accuracy ?? 100 });
    } else {
      await denyGeolocation(browser.browserSession, ctx.tab.page.browserContextId, record.origin);
    }
    try {
      await answerInPage(sessionOf(record, ctx.tab.page.session), record.contextId, '__abpdAnswerPermission', record.request);
    } catch {
      throw new ApiError(409, 'PERMISSION_GONE', `The page that asked (${record.id}) has navigated away; the decision is remembered for ${record.origin}.`);
    }
    return { status: p.grant ? 'granted' : 'denied', permission_type: record.permissionType };
  },
};

function take(deps: Deps, id: string, permissionType: string): PermissionRecord {
  const record = featuresOf(deps.host).permissions.get(id);
  if (!record) throw new ApiError(404, 'PERMISSION_NOT_FOUND', `No pending permission with id: ${id}. GET /api/v1/permissions lists them.`);
  if (record.permissionType !== permissionType) {
    throw invalidParams(`permission_type: mismatch, expected "${record.permissionType}", got "${permissionType}"`);
  }
  return record;
}

async function decide(deps: Deps, id: string, body: z.infer<typeof grantBody>, grant: boolean) {
  const record = take(deps, id, body.permission_type);
  if (grant && (body.latitude === undefined || body.longitude === undefined)) {
    throw invalidParams('latitude, longitude: granting geolocation needs both (degrees), e.g. {"latitude": 52.52, "longitude": 13.405}');
  }
  const envelope = await answerOnce(featuresOf(deps.host).permissions, record, () => deps.host.tabs.get(record.tabId)?.closed === false,
    (started) => deps.runner.run(record.tabId, answerPermission, { ...body, record, grant, started }));
  return { json: envelope };
}

export const permissionRoutes: RouteDef[] = [
  {
    name: 'list_permissions', method: 'GET', path: '/permissions', kind: 'query', summary: 'Permission prompts waiting for an answer.',
    async handle(_req, { host }) {
      return { json: { permissions: [...featuresOf(host).permissions.values()].map((r) => ({
        id: r.id, tab_id: r.tabId, permission_type: r.permissionType, origin: r.origin, requested_at: r.requestedAt,
      })) } };
    },
  },
  {
    name: 'grant_permission', method: 'POST', path: '/permissions/:id/grant', kind: 'query', body: grantBody,
    summary: 'Grant a held prompt (geolocation needs latitude and longitude).',
    handle: (req, deps) => decide(deps, req.params.id!, req.body, true),
  },
  {
    name: 'deny_permission', method: 'POST', path: '/permissions/:id/deny', kind: 'query', body: denyBody,
    summary: 'Deny a held prompt.',
    handle: (req, deps) => decide(deps, req.params.id!, req.body, false),
  },
];
