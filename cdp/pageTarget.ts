// One page (tab) as CDP sees it: its flat session, the out-of-process iframes under it, what it is
// loading, and the events daemon/ turns into envelope events.
import type { Protocol } from 'devtools-protocol';
import type { CdpSession, Connection } from './connection.ts';
import { bestEffort } from './bestEffort.ts';
import { Emitter } from './emitter.ts';
import { TargetCrashedError } from './errors.ts';
import { NetworkTracker } from './networkTracker.ts';
import { RequestLog } from './requestLog.ts';
import { pageFeatureSetupCalls } from './pageFeatures.ts';
import { labelOf, labelSession } from './documentGate.ts';

export interface Viewport { width: number; height: number; deviceScaleFactor: number }

/** A window.open / target=_blank from this page, as Chromium resolved it (Page.windowOpen). */
export interface WindowOpenInfo { url: string; popupType: 'tab' | 'window'; at: number }

/** An open whose tab has not attached by then never will (blocked, closed at once, an iframe's). */
const OPEN_CLAIM_MS = 5_000;

/**
 * Chromium reports the resolved features: a new tab has the full browser UI ("menubar", "toolbar",
 * ..., measured on 156); a popup window (width/height/popup features) lacks toolbar and menubar.
 */
export function popupTypeOf(features: readonly string[]): 'tab' | 'window' {
  return features.includes('toolbar') && features.includes('menubar') ? 'tab' : 'window';
}

export interface DialogInfo { type: Protocol.Page.DialogType; message: string; defaultPrompt?: string; url: string }

export interface PageEvents extends Record<string, unknown> {
  navigation: { url: string; frameId: string; isMainFrame: boolean; navigationType: string };
  dialogOpened: DialogInfo;
  dialogClosed: { accepted: boolean; userInput?: string };
  crashed: { reason: string };
  closed: { reason: string };
  windowOpen: WindowOpenInfo;
  /** Raw CDP sessions of iframes as they attach, for features that need them (markup, trackers). */
  frameSessionAttached: { session: CdpSession; targetInfo: Protocol.Target.TargetInfo };
}

export class PageTarget {
  readonly events = new Emitter<PageEvents>();
  readonly network = new NetworkTracker();
  /** Every request, for GET /tabs/{id}/network and HAR (the tracker above only knows what is in flight). */
  readonly requests = new RequestLog();
  readonly frameSessions = new Map<string, CdpSession>();
  url: string;
  title: string;
  /** The browser context (session) the page lives in. */
  readonly browserContextId: string;
  mainFrameId = '';
  /** Main frame between frameStartedLoading and frameStoppedLoading. */
  loading = false;
  /** Counts main-frame navigations requested/started, so settle can tell one happened since its mark. */
  navigationSeq = 0;
  /** Counts committed main-frame documents (cross-document navigations). */
  documentSeq = 0;
  /** Counts load events of the main frame. */
  loadSeq = 0;
  /**
   * navigationSeq when a main-frame load last stopped without committing a document: it became a
   * download, got a 204, or a beforeunload dialog was dismissed. No load event will follow.
   */
  abandonedAtNavigationSeq = -1;
  /** Counts window.open / target=_blank from this page (the new tab attaches separately, later). */
  windowOpenSeq = 0;
  /** Opens whose new tab has not been adopted yet, oldest first (bounded: a blocked open adopts none). */
  readonly unclaimedOpens: WindowOpenInfo[] = [];

  /** The oldest recent open not yet matched to a tab, taken; stale ones are dropped. */
  claimOpen(): WindowOpenInfo | undefined {
    const now = performance.now();
    while (this.unclaimedOpens.length > 0 && now - this.unclaimedOpens[0]!.at > OPEN_CLAIM_MS) this.unclaimedOpens.shift();
    return this.unclaimedOpens.shift();
  }
  #documentSeqAtLoadStart = 0;
  dialog: DialogInfo | null = null;
  crashed = false;
  closedReason: string | null = null;
  #log: (line: string) => void;

  constructor(readonly targetId: string, readonly session: CdpSession, info: Protocol.Target.TargetInfo,
    readonly openerId: string | undefined, log: (line: string) => void) {
    this.url = info.url;
    this.title = info.title;
    this.browserContextId = info.browserContextId ?? '';
    this.#log = log;
    this.#listen();
  }

  get connection(): Connection { return this.session.connection; }

  /** Enable what abpd needs and let the (paused-at-start) page run. Calls are pipelined. */
  async initialize(viewport: Viewport): Promise<void> {
    const s = this.session;
    const calls: Promise<unknown>[] = [
      s.send('Page.enable'),
      s.send('Page.setLifecycleEventsEnabled', { enabled: true }),
      s.send('Runtime.enable'),
      s.send('Network.enable', { maxPostDataSize: 0 }),
      s.send('Emulation.setDeviceMetricsOverride', {
        width: viewport.width, height: viewport.height, deviceScaleFactor: viewport.deviceScaleFactor, mobile: false,
      }),
      // Every tab believes it has focus, so focus/blur-dependent pages behave in background windows.
      s.send('Emulation.setFocusEmulationEnabled', { enabled: true }),
      s.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true,
        filter: [{ type: 'iframe', exclude: false }, { exclude: true }] }),
      s.send('Page.getFrameTree').then((r) => { this.mainFrameId = r.frameTree.frame.id; }),
    ];
    // A page opened paused (waitForDebuggerOnStart) answers Page.enable only after it runs: send
    // runIfWaitingForDebugger without awaiting the calls before it.
    calls.push(...pageFeatureSetupCalls(s));
    calls.push(s.send('Runtime.runIfWaitingForDebugger'));
    await Promise.all(calls);
  }

  #listen(): void {
    const s = this.session;
    this.network.attach(s);
    this.requests.attach(s);
    s.on('Page.frameNavigated', (e) => {
      if (e.frame.parentId) return;
      this.mainFrameId = e.frame.id;
      this.crashed = false; // a new document after a crash runs in a new renderer
      this.url = e.frame.url + (e.frame.urlFragment ?? '');
      this.documentSeq += 1;
      // A page restored from the back/forward cache is complete and fires no load event again.
      if (e.type === 'BackForwardCacheRestore') this.loadSeq += 1;
      this.network.dropOtherDocuments(e.frame.loaderId);
      this.events.emit('navigation', { url: this.url, frameId: e.frame.id, isMainFrame: true, navigationType: e.type });
    });
    s.on('Page.navigatedWithinDocument', (e) => {
      if (e.frameId !== this.mainFrameId) return;
      this.url = e.url;
      this.events.emit('navigation', { url: e.url, frameId: e.frameId, isMainFrame: true, navigationType: 'same_document' });
    });
    s.on('Page.frameRequestedNavigation', (e) => { if (e.frameId === this.mainFrameId) this.navigationSeq += 1; });
    // history.back() over a pushState entry is 'historySameDocument': no new document, no load event.
    s.on('Page.frameStartedNavigating', (e) => {
      if (e.frameId === this.mainFrameId && e.navigationType !== 'sameDocument' && e.navigationType !== 'historySameDocument') this.navigationSeq += 1;
    });
    s.on('Page.frameStartedLoading', (e) => { if (e.frameId === this.mainFrameId) { this.loading = true; this.#documentSeqAtLoadStart = this.documentSeq; } });
    s.on('Page.frameStoppedLoading', (e) => {
      if (e.frameId !== this.mainFrameId) return;
      this.loading = false;
      if (this.documentSeq === this.#documentSeqAtLoadStart) this.abandonedAtNavigationSeq = this.navigationSeq;
    });
    s.on('Page.loadEventFired', () => { this.loadSeq += 1; });
    s.on('Page.windowOpen', (e) => {
      this.windowOpenSeq += 1;
      const info: WindowOpenInfo = { url: e.url, popupType: popupTypeOf(e.windowFeatures), at: performance.now() };
      this.unclaimedOpens.push(info);
      if (this.unclaimedOpens.length > 20) this.unclaimedOpens.shift();
      this.events.emit('windowOpen', info);
    });
    s.on('Page.javascriptDialogOpening', (e) => {
      this.dialog = { type: e.type, message: e.message, defaultPrompt: e.defaultPrompt, url: e.url };
      this.events.emit('dialogOpened', this.dialog);
    });
    s.on('Page.javascriptDialogClosed', (e) => {
      this.dialog = null;
      this.events.emit('dialogClosed', { accepted: e.result, userInput: e.userInput });
    });
    s.on('Inspector.targetCrashed', () => this.markCrashed('renderer crashed'));
    s.on('Target.attachedToTarget', (e) => this.#onFrameAttached(e));
    s.on('Target.detachedFromTarget', (e) => { this.frameSessions.delete(e.sessionId); });
    s.onClose((reason) => this.markClosed(reason));
  }

  #onFrameAttached(e: Protocol.Target.AttachedToTargetEvent): void {
    const child = this.connection.session(e.sessionId);
    if (e.targetInfo.type !== 'iframe') {
      bestEffort(child.send('Runtime.runIfWaitingForDebugger'), 'a non-frame target we do not track', this.#log);
      return;
    }
    this.frameSessions.set(e.sessionId, child);
    const parentLabel = labelOf(this.session);
    if (parentLabel) labelSession(child, parentLabel); // its documents are checked like the page's
    this.network.attach(child);
    this.requests.attach(child);
    // Nested out-of-process frames attach to this child in turn.
    child.on('Target.attachedToTarget', (nested) => this.#onFrameAttached(nested));
    child.on('Target.detachedFromTarget', (d) => { this.frameSessions.delete(d.sessionId); });
    const setup = Promise.all([
      child.send('Network.enable', { maxPostDataSize: 0 }),
      child.send('Page.enable'),
      child.send('Runtime.enable'),
      child.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true,
        filter: [{ type: 'iframe', exclude: false }, { exclude: true }] }),
      // The frame's own renderer needs the same interception as the page (file choosers, pickers,
      // permission prompts, console, HTTP auth), in place before its document runs.
      ...pageFeatureSetupCalls(child),
      child.send('Runtime.runIfWaitingForDebugger'),
    ]);
    bestEffort(setup, 'an iframe can detach while it is being set up', this.#log);
    this.events.emit('frameSessionAttached', { session: child, targetInfo: e.targetInfo });
  }

  /**
   * The renderer died (Inspector.targetCrashed and Target.targetCrashed both say so: once is enough).
   * Calls pending on it would wait for their deadline, so they fail now; the session stays attached
   * because a reload through it starts a new renderer.
   */
  markCrashed(reason: string): void {
    if (this.crashed) return;
    this.crashed = true;
    const error = (method: string): Error => new TargetCrashedError(method, this.targetId);
    this.connection.failPending(this.session, error);
    for (const frame of this.frameSessions.values()) this.connection.failPending(frame, error);
    this.events.emit('crashed', { reason });
  }

  markClosed(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    this.events.emit('closed', { reason });
  }
}
