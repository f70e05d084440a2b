// A target=_blank tab or window.open popup is adopted only after Chromium attached it and abpd set
// it up, which can take longer than the click's settle on a busy machine. When the opener reported a
// window.open during the action, the action waits (bounded) for that tab, so the envelope switches
// to it (tab_changed) and carries its popup event instead of leaving both to the next action.
import type { BrowserHost } from '../browserHost.ts';
import type { Tab } from '../tab.ts';

const POPUP_ADOPT_CAP_MS = 3_000;
const POLL_MS = 15;

export async function waitForPopupTab(host: BrowserHost, opener: Tab, since: number, signal: AbortSignal): Promise<void> {
  const until = performance.now() + POPUP_ADOPT_CAP_MS;
  const adopted = (): boolean => opener.lastPopupBlockedAt >= since - 5
    || [...host.tabs.values()].some((t) => t.page.openerId === opener.id && t.createdAt >= since - 5);
  while (!adopted() && !signal.aborted && !opener.closed && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
