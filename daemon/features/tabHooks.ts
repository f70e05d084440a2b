// The one place where a new tab is wired to the event features: every CDP report about native UI
// becomes an envelope event on the tab (delivered with its current or next action) and, where the
// agent must answer, a pending record with an id.
import { onBridgeMessage, type BridgeMessage } from '../../cdp/pageBridge.ts';
import { onConsole } from '../../cdp/console.ts';
import { chooserAccepts, onFileChooser } from '../../cdp/fileChooser.ts';
import { onHttpAuth } from '../../cdp/httpAuth.ts';
import type { BrowserHost } from '../browserHost.ts';
import type { Tab } from '../tab.ts';
import { watchBrowserDownloads, watchTabDownloads } from './downloads.ts';
import { featuresOf } from './state.ts';

export function attachTabFeatures(host: BrowserHost, tab: Tab): void {
  const state = featuresOf(host);
  const page = tab.page;
  const session = page.session;
  if (host.browser) watchBrowserDownloads(host, host.browser);
  watchTabDownloads(host, tab);

  page.events.on('dialogOpened', (d) => tab.pushEvent('dialog', {
    tab_id: tab.id, dialog_type: d.type, message: d.message, ...(d.defaultPrompt ? { default_prompt: d.defaultPrompt } : {}), pending: true,
  }));
  page.events.on('dialogClosed', (d) => tab.pushEvent('dialog_closed', {
    tab_id: tab.id, accepted: d.accepted, ...(d.userInput ? { user_input: d.userInput } : {}),
  }));
  page.events.on('closed', () => state.forgetTab(tab.id));

  onFileChooser(session, (e) => {
    const id = state.nextId('fc');
    const multiple = e.mode === 'selectMultiple';
    state.fileChoosers.set(id, { id, tabId: tab.id, backendNodeId: e.backendNodeId, multiple, createdAt: Date.now() });
    const accepts = e.backendNodeId === undefined ? Promise.resolve([]) : chooserAccepts(session, e.backendNodeId);
    void accepts.then((list) => tab.pushEvent('file_chooser', {
      id, tab_id: tab.id, chooser_type: multiple ? 'open_multiple' : 'open', multiple, ...(list.length ? { accepts: list } : {}), pending: true,
    }));
  });

  onBridgeMessage(session, (m) => onPageReport(host, tab, m), tab.log);
  onConsole(session, (m) => state.console.add(tab.id, m));
  onHttpAuth(session, (c) => tab.pushEvent('http_auth_dismissed', {
    tab_id: tab.id, scheme: c.scheme, realm: c.realm, host: c.host, is_proxy: c.isProxy, path: c.path,
  }));
}

function onPageReport(host: BrowserHost, tab: Tab, m: BridgeMessage): void {
  const state = featuresOf(host);
  const key = typeof m.key === 'number' ? m.key : -1;
  switch (m.kind) {
    case 'select_open': {
      const id = state.nextId('sp');
      state.pickers.set(id, { id, tabId: tab.id, kind: 'select', contextId: m.contextId, key, createdAt: Date.now() });
      tab.pushEvent('select_open', { type: 'select_open', id, tab_id: tab.id, allow_multiple_selection: m.allow_multiple_selection,
        selected_index: m.selected_index, bounds: m.bounds, items: m.items });
      return;
    }
    case 'datetime_picker_open': {
      const id = state.nextId('dtp');
      const inputType = String(m.input_type);
      state.pickers.set(id, { id, tabId: tab.id, kind: 'datetime', contextId: m.contextId, key, inputType, createdAt: Date.now() });
      tab.pushEvent('datetime_picker_open', { type: 'datetime_picker_open', id, tab_id: tab.id, input_type: inputType,
        value: m.value, min: m.min, max: m.max, step: m.step, bounds: m.bounds });
      return;
    }
    case 'permission': {
      const id = state.nextId('perm');
      const origin = String(m.origin);
      state.permissions.set(id, { id, tabId: tab.id, permissionType: String(m.permission), origin, requestedAt: Date.now(),
        contextId: m.contextId, request: Number(m.request) });
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
