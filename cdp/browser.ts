// The browser as abpd owns it: one connection, one browser context of its own, every page in its
// own window (a page sharing a window with another stops rendering), and browser-level auto-attach
// so that popups and target=_blank tabs are seen the moment they open.
import type { Protocol } from 'devtools-protocol';
import { Connection, type CdpSession } from './connection.ts';
import { bestEffort } from './bestEffort.ts';
import { Emitter } from './emitter.ts';
import { PageTarget, type Viewport } from './pageTarget.ts';
import type { Transport } from './transport.ts';
import { labelSession } from './documentGate.ts';

export interface BrowserEvents extends Record<string, unknown> {
  pageAdded: { page: PageTarget; openerId?: string };
  pageRemoved: { targetId: string; reason: string };
  disconnected: { reason: string };
}

const PAGE_ATTACH_TIMEOUT_MS = 10_000;

export class ChromeBrowser {
  readonly events = new Emitter<BrowserEvents>();
  readonly pages = new Map<string, PageTarget>();
  readonly connection: Connection;
  /** abpd's first context (the default session's); more are made by createContext. */
  browserContextId = '';
  /** Every context abpd made on this connection: pages in any of them are ours. */
  readonly contexts = new Set<string>();
  #attachWaiters = new Map<string, (page: PageTarget) => void>();
  #settingUp = new Map<string, Promise<PageTarget>>();
  #log: (line: string) => void;

  private constructor(transport: Transport, readonly viewport: Viewport, log: (line: string) => void) {
    this.#log = log;
    this.connection = new Connection(transport, log);
    this.connection.onDisconnect = (reason) => {
      for (const page of this.pages.values()) page.markClosed(reason);
      this.events.emit('disconnected', { reason });
    };
  }

  get browserSession(): CdpSession { return this.connection.browser; }

  static async connect(transport: Transport, viewport: Viewport, log: (line: string) => void): Promise<ChromeBrowser> {
    const browser = new ChromeBrowser(transport, viewport, log);
    await browser.#setUp();
    return browser;
  }

  async #setUp(): Promise<void> {
    const b = this.browserSession;
    b.on('Target.attachedToTarget', (e) => this.#onAttached(e));
    b.on('Target.targetInfoChanged', (e) => {
      const page = this.pages.get(e.targetInfo.targetId);
      if (page) { page.title = e.targetInfo.title; if (e.targetInfo.url) page.url = e.targetInfo.url; }
    });
    b.on('Target.targetDestroyed', (e) => this.#forget(e.targetId, 'closed'));
    b.on('Target.detachedFromTarget', (e) => { if (e.targetId) this.#forget(e.targetId, 'detached'); });
    b.on('Target.targetCrashed', (e) => this.pages.get(e.targetId)?.markCrashed(e.status));
    const { browserContextId } = await b.send('Target.createBrowserContext', { disposeOnDetach: true });
    this.browserContextId = browserContextId;
    this.contexts.add(browserContextId);
    await Promise.all([
      b.send('Target.setDiscoverTargets', { discover: true, filter: [{ type: 'page', exclude: false }, { exclude: true }] }),
      b.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true,
        filter: [{ type: 'page', exclude: false }, { exclude: true }] }),
    ]);
  }

  /** A new isolated context (cookies, storage, cache, permissions of its own): one per session. */
  async createContext(options: { proxyServer?: string; proxyBypassList?: string } = {}): Promise<string> {
    const { browserContextId } = await this.browserSession.send('Target.createBrowserContext', { disposeOnDetach: true, ...options });
    this.contexts.add(browserContextId);
    return browserContextId;
  }

  /** Closes the context's pages and forgets everything it held (Chromium keeps nothing of it). */
  async disposeContext(browserContextId: string): Promise<void> {
    if (browserContextId === this.browserContextId) throw new Error('the default context is never disposed');
    this.contexts.delete(browserContextId);
    const pages = [...this.pages.values()].filter((p) => p.browserContextId === browserContextId);
    await this.browserSession.send('Target.disposeBrowserContext', { browserContextId });
    for (const page of pages) this.#forget(page.targetId, 'closed by abpd (session ended)');
  }

  /** Opens a page in its own window and resolves once abpd has attached to it and set it up. */
  async createPage(browserContextId = this.browserContextId): Promise<PageTarget> {
    const { targetId } = await this.browserSession.send('Target.createTarget', {
      url: 'about:blank', browserContextId, newWindow: true, background: false,
    });
    // The attach event may come before createTarget's reply: then wait for its set-up to finish.
    const existing = this.#settingUp.get(targetId);
    if (existing) return await existing;
    const ready = this.pages.get(targetId);
    if (ready) return ready;
    return await new Promise<PageTarget>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#attachWaiters.delete(targetId);
        reject(new Error(`page ${targetId} was created but did not attach within ${PAGE_ATTACH_TIMEOUT_MS} ms`));
      }, PAGE_ATTACH_TIMEOUT_MS);
      this.#attachWaiters.set(targetId, (page) => { clearTimeout(timer); resolve(page); });
    });
  }

  async closePage(targetId: string): Promise<void> {
    await this.browserSession.send('Target.closeTarget', { targetId });
    this.#forget(targetId, 'closed by abpd');
  }

  async #onAttached(e: Protocol.Target.AttachedToTargetEvent): Promise<void> {
    const session = this.connection.session(e.sessionId);
    const info = e.targetInfo;
    if (info.type !== 'page' || !info.browserContextId || !this.contexts.has(info.browserContextId)) {
      // Not ours (another context, or a browser UI page): let it run and leave it alone.
      bestEffort(session.send('Runtime.runIfWaitingForDebugger'), 'a target outside abpd\'s context', this.#log);
      bestEffort(this.browserSession.send('Target.detachFromTarget', { sessionId: e.sessionId }), 'not ours', this.#log);
      return;
    }
    labelSession(session, { pageTargetId: info.targetId, browserContextId: info.browserContextId, ...(info.openerId ? { openerId: info.openerId } : {}) });
    const page = new PageTarget(info.targetId, session, info, info.openerId, this.#log);
    const setUp = page.initialize(this.viewport).then(() => page, (err: Error) => {
      this.#log(`setting up page ${info.targetId} failed: ${err.message}`);
      return page;
    });
    this.#settingUp.set(info.targetId, setUp);
    await setUp;
    this.#settingUp.delete(info.targetId);
    if (session.closed) return;
    this.pages.set(info.targetId, page);
    const waiter = this.#attachWaiters.get(info.targetId);
    this.#attachWaiters.delete(info.targetId);
    waiter?.(page);
    this.events.emit('pageAdded', { page, openerId: info.openerId });
  }

  #forget(targetId: string, reason: string): void {
    const page = this.pages.get(targetId);
    if (!page) return;
    this.pages.delete(targetId);
    page.markClosed(reason);
    this.events.emit('pageRemoved', { targetId, reason });
  }

  close(): void { this.connection.close(); }
}
