// The one place where a new tab is wired to the event features: every CDP report about native UI
// becomes an envelope event on the tab (delivered with its current or next action) and, where the
// agent must answer, a pending record with an id.
import type { CdpSession } from '../../cdp/connection.ts';
import { FramePlacer } from '../../cdp/framePlacement.ts';
import { onBridgeMessage, type BridgeMessage } from '../../cdp/pageBridge.ts';
import { onConsole } from '../../cdp/console.ts';
import { chooserAccepts, onFileChooser } from '../../cdp/fileChooser.ts';
import { onHttpAuth } from '../../cdp/httpAuth.ts';
import type { BrowserHost } from '../browserHost.ts';
import type { Tab } from '../tab.ts';
import { watchBrowserDownloads, watchTabDownloads } from './downloads.ts';
import { watchDownloadRequests } from './downloadWait.ts';
import { featuresOf, withSession } from './state.ts';

export function attachTabFeatures(host: BrowserHost, tab: Tab): void {
  const state = featuresOf(host);
  const page = tab.page;
  const session = page.session;
  if (host.browser) watchBrowserDownloads(host, host.browser);
  watchTabDownloads(host, tab);
  watchDownloadRequests(tab);

  page.events.on('dialogOpened', (d) => tab.pushEvent('dialog', {
    tab_id: tab.id, dialog_type: d.type, message: d.message, ...(d.defaultPrompt ? { default_prompt: d.defaultPrompt } : {}), pending: true,
  }));
  page.events.on('dialogClosed', (d) => tab.pushEvent('dialog_closed', {
    tab_id: tab.id, accepted: d.accepted, ...(d.userInput ? { user_input: d.userInput } : {}),
  }));
  page.events.on('closed', () => state.forgetTab(tab.id));

  // The page and each out-of-process iframe (its own renderer and session) report on their own.
  const wire = (source: CdpSession): void => {
    onFileChooser(source, (e) => {
      const id = state.nextId('fc');
      const multiple = e.mode === 'selectMultiple';
      state.fileChoosers.set(id, withSession({ id, tabId: tab.id, backendNodeId: e.backendNodeId, multiple, createdAt: Date.now() }, source));
      const accepts = e.backendNodeId === undefined ? Promise.resolve([]) : chooserAccepts(source, e.backendNodeId);
      void accepts.then((list) => tab.pushEvent('file_chooser', {
        id, tab_id: tab.id, chooser_type: multiple ? 'open_multiple' : 'open', multiple, ...(list.length ? { accepts: list } : {}), pending: true,
      }));
    });
    onBridgeMessage(source, (m) => onPageReport(host, tab, source, m), tab.log);
    onConsole(source, (m) => state.console.add(tab.id, m));
    onHttpAuth(source, (c) => tab.pushEvent('http_auth_dismissed', {
      tab_id: tab.id, scheme: c.scheme, realm: c.realm, host: c.host, is_proxy: c.isProxy, path: c.path,
    }));
  };
  wire(session);
  for (const frame of page.frameSessions.values()) wire(frame);
  page.events.on('frameSessionAttached', (e) => wire(e.session));
}

/**
 * A picker's bounds as its document measured them; inside an out-of-process iframe they are moved
 * into the tab's viewport (the event object is updated in place: it is delivered with the envelope,
 * after settle, and placing the frame takes a few round trips).
 */
let placements = 0;
function placeBounds(tab: Tab, source: CdpSession, bounds: unknown): unknown {
  if (source === tab.page.session || !isRect(bounds)) return bounds;
  const placed = { ...bounds };
  const placer = new FramePlacer(tab.page, `abpd-picker-bounds-${++placements}`, 2_000);
  void placer.place(source).then((at) => { if (at) { placed.x += at.x; placed.y += at.y; } })
    .catch((err: Error) => tab.log(`picker bounds: placing the frame failed: ${err.message}`))
    .finally(() => placer.release(tab.log));
  return placed;
}

function originOf(url: string): string | undefined {
  try { const o = new URL(url).origin; return o === 'null' ? undefined : o; } catch { return undefined; }
}

function isRect(v: unknown): v is { x: number; y: number; width: number; height: number } {
  const r = v as Record<string, unknown> | null;
  return !!r && typeof r.x === 'number' && typeof r.y === 'number';
}

function onPageReport(host: BrowserHost, tab: Tab, source: CdpSession, m: BridgeMessage): void {
  const state = featuresOf(host);
  const key = typeof m.key === 'number' ? m.key : -1;
  switch (m.kind) {
    case 'select_open': {
      const id = state.nextId('sp');
      state.pickers.set(id, withSession({ id, tabId: tab.id, kind: 'select' as const, contextId: m.contextId, key, createdAt: Date.now() }, source));
      tab.pushEvent('select_open', { type: 'select_open', id, tab_id: tab.id, allow_multiple_selection: m.allow_multiple_selection,
        selected_index: m.selected_index, bounds: placeBounds(tab, source, m.bounds), items: m.items });
      return;
    }
    case 'datetime_picker_open': {
      const id = state.nextId('dtp');
      const inputType = String(m.input_type);
      state.pickers.set(id, withSession({ id, tabId: tab.id, kind: 'datetime' as const, contextId: m.contextId, key, inputType, createdAt: Date.now() }, source));
      tab.pushEvent('datetime_picker_open', { type: 'datetime_picker_open', id, tab_id: tab.id, input_type: inputType,
        value: m.value, min: m.min, max: m.max, step: m.step, bounds: placeBounds(tab, source, m.bounds) });
      return;
    }
    case 'permission': {
      const id = state.nextId('perm');
      // A prompt from an iframe names the top-level page, as Chromium's does: an iframe uses the
      // permission its embedder has (delegated with allow="..."), so that is the origin to grant.
      const origin = source === tab.page.session ? String(m.origin) : originOf(tab.page.url) ?? String(m.origin);
      state.permissions.set(id, withSession({ id, tabId: tab.id, permissionType: String(m.permission), origin, requestedAt: Date.now(),
        contextId: m.contextId, request: Number(m.request) }, source));
      tab.pushEvent('permission_requested', { type: 'permission_requested', id, tab_id: tab.id, permission_type: m.permission, origin });
      return;
    }
    case 'permission_denied':
      tab.pushEvent('permission_auto_denied', { type: 'permission_auto_denied', tab_id: tab.id, permission_type: m.permission,
        origin: m.origin, ...(m.detail ? { detail: m.detail } : {}) });
      return;
    default:
      tab.log(`ignored a page report of kind ${m.kind}`);
  }
}
