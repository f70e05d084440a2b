// Owns Chromium for the daemon: launch, the tab registry (in creation order), popups, and the
// state /browser/status reports. Restarts after a crash live in browserRecovery.ts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ChromeBrowser } from '../cdp/browser.ts';
import { findChrome } from '../cdp/chromeDiscovery.ts';
import { chromeArgs, launchChrome, type LaunchedChrome } from '../cdp/launcher.ts';
import { attachToBrowser } from '../cdp/attach.ts';
import type { Transport } from '../cdp/transport.ts';
import type { PageTarget, WindowOpenInfo } from '../cdp/pageTarget.ts';
import type { Config } from './config.ts';
import { ApiError, browserUnavailableIn, tabNotFound } from './errors.ts';
import type { Logger } from './log.ts';
import { Tab } from './tab.ts';
import { attachTabFeatures } from './features/tabHooks.ts';

/** `unresponsive`: Chromium is there but missed its liveness probe (liveness.ts); back to ready when it answers. */
export type BrowserState = 'initializing' | 'ready' | 'unresponsive' | 'restarting' | 'error' | 'stopped';

export class BrowserHost {
  state: BrowserState = 'initializing';
  message: string | undefined;
  readonly startedAt = Date.now();
  browser: ChromeBrowser | null = null;
  chrome: LaunchedChrome | null = null;
  /** Where Chromium came from, for the start-up log line. */
  launchedFrom = '';
  /** The command line of the last launch, for the message when Chromium does not start. */
  launchCommand: string[] | null = null;
  /** Chromium's last stderr lines (noise filtered): why it died, when it does not start. */
  readonly launchOutput: string[] = [];
  version: { product: string; userAgent: string; protocolVersion: string } | null = null;
  readonly tabs = new Map<string, Tab>();
  /** The tab ABP calls active: the last one created or activated. */
  activeTabId: string | null = null;
  onRestartNeeded: ((reason: string) => void) | null = null;
  /** Bumped each time Chromium stops answering (liveness.ts): an action that saw it change spanned a stall. */
  stallSeq = 0;
  /** Called when Chromium is found unresponsive: actions in flight give up at once. */
  readonly stallListeners = new Set<() => void>();
  /** Extra fields of GET /browser/status from plugins (history health, liveness), by field name. */
  readonly statusSources = new Map<string, () => unknown>();
  /** Browser context → session id, for contexts other than the default session's (daemon/sessions). */
  readonly contextSessions = new Map<string, string>();
  /** The port the API listens on (daemon.ts sets it once bound): the origin the browser never loads. */
  listenPort: number;
  /** Tabs that went with their session (expired, deleted): later calls get this answer, not 404. */
  readonly goneTabs = new Map<string, ApiError>();
  /** A session's tab cap for a context, if it has one (daemon/sessions sets it): popups past it close. */
  sessionTabCap: ((browserContextId: string) => { limit: number; count: number } | null) | null = null;
  /** Called for every tab adopted (sessions count and log them). */
  readonly tabListeners = new Set<(tab: Tab) => void>();

  constructor(readonly config: Config, readonly log: Logger) { this.listenPort = config.port; }

  get viewport(): { width: number; height: number; deviceScaleFactor: number } {
    return { ...this.config.windowSize, deviceScaleFactor: 1 };
  }

  async start(): Promise<void> {
    const transport = this.config.connect ? await this.#attach(this.config.connect) : this.#launch();
    const browser = await ChromeBrowser.connect(transport, this.viewport, (line) => this.log.debug(line));
    this.browser = browser;
    const v = await browser.browserSession.send('Browser.getVersion');
    this.version = { product: v.product, userAgent: v.userAgent, protocolVersion: v.protocolVersion };
    browser.events.on('pageAdded', ({ page, openerId }) => { if (!this.#popupOverCap(page, openerId)) this.#adopt(page, openerId); });
    browser.events.on('pageRemoved', ({ targetId, reason }) => this.#onPageRemoved(targetId, reason));
    browser.events.on('disconnected', ({ reason }) => {
      if (this.state === 'stopped') return;
      this.state = 'restarting';
      this.message = `Chromium went away (${reason})`;
      this.log.error(`chromium disconnected: ${reason}`);
      this.onRestartNeeded?.(reason);
    });
    await this.createTab();
    this.state = 'ready';
    this.message = undefined;
    this.log.info(`chromium ready: ${v.product} (${this.launchedFrom})`);
  }

  #launch(): Transport {
    const choice = findChrome(this.config.chrome);
    if (!choice.found) {
      this.state = 'error';
      this.message = `No Chrome or Chromium found (looked at ${choice.searched.join(', ')}). Install Debian's chromium (apt-get install chromium) or pass --chrome PATH.`;
      throw new Error(this.message);
    }
    mkdirSync(this.config.sessionDir, { recursive: true });
    this.launchedFrom = `${choice.found.path}, ${choice.found.source}`;
    const options = {
      executable: choice.found.path,
      profileDir: join(this.config.sessionDir, 'chromium-profile'),
      tmpDir: join(this.config.sessionDir, 'tmp'),
      headed: this.config.headed,
      windowSize: this.config.windowSize,
      log: (line: string) => {
        this.log.debug(line);
        this.launchOutput.push(line.replace(/^chromium: /, ''));
        if (this.launchOutput.length > 5) this.launchOutput.shift();
      },
    };
    this.launchCommand = [options.executable, ...chromeArgs(options)];
    this.chrome = launchChrome(options);
    return this.chrome.transport;
  }

  /** A browser someone else runs: abpd works in a browser context of its own and never closes it. */
  async #attach(url: string): Promise<Transport> {
    mkdirSync(this.config.sessionDir, { recursive: true });
    this.launchedFrom = `attached to ${url}`;
    try {
      return await attachToBrowser(url);
    } catch (err) {
      this.state = 'error';
      this.message = `Could not attach to ${url}: ${(err as Error).message}. Start Chrome with --remote-debugging-port and pass its http://127.0.0.1:PORT.`;
      throw new Error(this.message);
    }
  }

  requireBrowser(): ChromeBrowser {
    if (!this.browser || this.state !== 'ready') throw browserUnavailableIn(this);
    return this.browser;
  }

  getTab(id: string): Tab {
    const tab = this.tabs.get(id);
    if (!tab || tab.closed) throw this.goneTabs.get(id) ?? tabNotFound(id);
    return tab;
  }

  /** Open tabs, all sessions (popups included): what --max-tabs caps. */
  openTabCount(): number { let n = 0; for (const t of this.tabs.values()) if (!t.closed) n += 1; return n; }

  /** A new tab in the default context, or in a session's context. --max-tabs is checked here, so
   *  every way of opening one (POST /tabs, a session's first tab) is capped; popups are not refused. */
  async createTab(browserContextId?: string): Promise<Tab> {
    const browser = this.browser;
    if (!browser) throw browserUnavailableIn(this, true);
    const max = this.config.maxTabs;
    if (max > 0 && this.tabs.size > 0 && this.openTabCount() >= max) {
      throw new ApiError(429, 'TOO_MANY_TABS', `This daemon already has ${max} open tabs (--max-tabs ${max}). Close some with DELETE /api/v1/tabs/{id}, or start abpd with a larger --max-tabs.`)
        .withData({ limit: max, flag: '--max-tabs' });
    }
    const page = await browser.createPage(browserContextId);
    const tab = this.tabs.get(page.targetId) ?? this.#adopt(page, undefined);
    await tab.ready;
    this.activeTabId = tab.id;
    return tab;
  }

  /**
   * A page-opened tab beyond --max-tabs is closed at once and its opener told (`popup_blocked`,
   * issue 27 item 2: one action opened 100 popups, ~25 MB each). Tabs abpd opens are refused in
   * createTab instead (429).
   */
  #popupOverCap(page: PageTarget, openerId: string | undefined): boolean {
    if (!openerId) return false;
    const max = this.config.maxTabs;
    const daemonFull = max > 0 && this.openTabCount() >= max;
    // The same cap per session (its max_tabs policy), from daemon/sessions.
    const session = daemonFull ? null : this.sessionTabCap?.(page.browserContextId) ?? null;
    if (!daemonFull && !(session && session.count >= session.limit)) return false;
    const opener = this.tabs.get(openerId);
    if (opener) opener.lastPopupBlockedAt = Date.now();
    const why = daemonFull ? { limit: max, flag: '--max-tabs' } : { limit: session!.limit, policy: 'max_tabs' };
    opener?.pushEvent('popup_blocked', { source_tab_id: openerId, url: page.url, reason: 'max_tabs', ...why });
    this.log.info(`popup from ${openerId} closed: ${why.limit} tabs open (${daemonFull ? `--max-tabs ${max}` : 'the session\'s max_tabs'})`);
    void this.browser?.closePage(page.targetId).catch(() => undefined);
    return true;
  }

  async closeTab(id: string): Promise<void> {
    const tab = this.getTab(id);
    await this.requireBrowser().closePage(tab.id);
  }

  #adopt(page: PageTarget, openerId: string | undefined): Tab {
    const existing = this.tabs.get(page.targetId);
    if (existing) return existing;
    const tab = new Tab(page, this.config.queueCap, this.config.pause, (line) => this.log.debug(line));
    tab.sessionId = this.contextSessions.get(page.browserContextId) ?? 'default';
    tab.centerCursor(this.config.windowSize);
    this.tabs.set(tab.id, tab);
    // A popup is paused from its first moment (it loads under 1 ms nudges); a tab abpd creates is
    // paused by its first action or POST /execution (which may set initial_virtual_time first).
    if (this.config.pause && openerId) tab.ready = tab.startExecutionControl();
    page.events.on('navigation', (e) => tab.pushEvent('navigation', {
      tab_id: tab.id, url: e.url, frame_id: e.frameId, is_main_frame: e.isMainFrame, navigation_type: e.navigationType,
    }));
    page.events.on('crashed', () => tab.pushEvent('crashed', { tab_id: tab.id }));
    attachTabFeatures(this, tab);
    for (const listener of this.tabListeners) listener(tab);
    if (openerId) {
      const opener = this.tabs.get(openerId);
      // Reported to the opener only (ABP: `popup` goes to the tab that opened it); when the opener's
      // action ends on the new tab (tab_changed), the envelope carries the opener's events.
      const data = { source_tab_id: openerId, new_tab_id: tab.id, url: page.url, popup_type: 'tab' as 'tab' | 'window' };
      const claim = (open: WindowOpenInfo): void => { data.url = open.url; data.popup_type = open.popupType; };
      const open = opener?.page.claimOpen();
      if (open) claim(open);
      else if (opener) {
        // Seen first so far (measured: Page.windowOpen comes 30-80 ms before the target attaches),
        // but the order is not promised: take the next report that is still unclaimed.
        const off = opener.page.events.on('windowOpen', () => { const next = opener.page.claimOpen(); if (next) { claim(next); off(); } });
        setTimeout(off, 2_000).unref();
      }
      opener?.pushEvent('popup', data);
      this.activeTabId = tab.id;
    }
    return tab;
  }

  #onPageRemoved(targetId: string, reason: string): void {
    const tab = this.tabs.get(targetId);
    if (!tab) return;
    this.tabs.delete(targetId);
    const why = reason.includes('abpd') ? 'user' : 'script';
    tab.pushEvent('tab_closed', { tab_id: targetId, reason: tab.page.crashed ? 'crash' : why });
    const opener = tab.page.openerId ? this.tabs.get(tab.page.openerId) : undefined;
    opener?.pushEvent('tab_closed', { tab_id: targetId, reason: why });
    if (this.activeTabId === targetId) this.activeTabId = [...this.tabs.keys()].at(-1) ?? null;
  }

  /** Closes Chromium and waits (bounded) for it to exit. */
  async stop(timeoutMs = 3_000): Promise<void> {
    this.state = 'stopped';
    const chrome = this.chrome;
    if (!chrome) { this.browser?.close(); return; } // attached: its context goes with the connection
    try {
      await this.browser?.browserSession.send('Browser.close', undefined, { timeoutMs: Math.min(1_000, timeoutMs) });
    } catch { /* a browser that cannot answer is killed below */ }
    const exited = await Promise.race([chrome.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
    chrome.kill(); // the group: helpers that outlive the main process go too
    if (!exited) this.log.info('chromium did not exit in time; killed');
  }

  assertNoDialog(tab: Tab): void {
    const dialog = tab.page.dialog;
    if (dialog) {
      throw new ApiError(409, 'DIALOG_PENDING', `A ${dialog.type} dialog is open on this tab ("${dialog.message.slice(0, 80)}"). Close it with POST /api/v1/tabs/${tab.id}/dialog/accept or /dialog/dismiss first.`);
    }
  }
}
