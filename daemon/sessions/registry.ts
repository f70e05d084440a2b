// All sessions of one daemon (sessions.md §1-§2): the default one (ABP's surface, the browser's first
// context) and those made by POST /sessions, each a browser context of its own. Ending a session
// disposes its context, so nothing of it stays in Chromium; its record and log stay in history.
import { randomBytes } from 'node:crypto';
import { bestEffort } from '../../cdp/bestEffort.ts';
import type { BrowserHost } from '../browserHost.ts';
import type { Tab } from '../tab.ts';
import type { EventLog } from './eventLog.ts';
import { sessionEnded, sessionExpired, sessionNotFound, tooManySessions, tooManySessionTabs } from './errors.ts';
import { DEFAULT_POLICIES, type Policies } from './policies.ts';
import { Session, type SessionOptions } from './session.ts';

export const DEFAULT_SESSION = 'default';

export interface CreateInput {
  policies: Policies; labels: Record<string, string>; options: SessionOptions;
  profile: { id: string; readOnly: boolean } | null;
}

/** Hooks other parts of sessions/ add (profiles load and save, per-tab emulation). */
export interface SessionHooks {
  contextCreated?(session: Session): Promise<void>;
  /** The session's first tab is open, nothing loaded in it yet. */
  firstTab?(session: Session, tab: Tab): Promise<void>;
  beforeEnd?(session: Session, saveProfile: boolean): Promise<void>;
  /** Creation failed after contextCreated: undo what it took (locks). */
  discarded?(session: Session): void;
}

export class SessionRegistry {
  readonly sessions = new Map<string, Session>();
  readonly hooks: SessionHooks[] = [];
  #default: Session | null = null;

  constructor(readonly host: BrowserHost, readonly events: EventLog) {}

  defaultSession(): Session {
    const browser = this.host.requireBrowser();
    if (!this.#default || this.#default.browser !== browser) {
      const policies = this.#default?.policies ?? { ...DEFAULT_POLICIES, max_tabs: 0 };
      this.#default = new Session(DEFAULT_SESSION, browser.browserContextId, browser, policies, this.host.startedAt, {}, {}, null);
    }
    return this.#default;
  }

  /** The default session if it was made already (never throws: the wire gate asks at any time). */
  peekDefault(): Session | null { return this.#default; }

  /** The live session, or 404 (never existed) / 410 (expired, ended). */
  get(id: string): Session {
    if (id === DEFAULT_SESSION) return this.defaultSession();
    const session = this.sessions.get(id) ?? this.#byAlias(id);
    if (session?.live) {
      if (session.browser !== this.host.browser) this.#lostBrowser(session);
      else return session;
    }
    if (session) throw session.status === 'expired' ? sessionExpired(session.id) : sessionEnded(session.id, session.status);
    const stored = this.events.loadRecord(id);
    if (stored) throw stored.status === 'expired' ? sessionExpired(id) : sessionEnded(id, stored.status);
    throw sessionNotFound(id);
  }

  /** The session a tab belongs to (undefined only for the default session before it is first asked). */
  ofTab(tab: Tab): Session | undefined {
    return tab.sessionId === DEFAULT_SESSION ? this.#default ?? undefined : this.sessions.get(tab.sessionId);
  }

  tabsOf(session: Session): Tab[] {
    return [...this.host.tabs.values()].filter((t) => !t.closed && t.sessionId === session.id);
  }

  liveCount(): number { let n = 0; for (const s of this.sessions.values()) if (s.live) n += 1; return n; }

  async create(input: CreateInput): Promise<{ session: Session; tab: Tab }> {
    const max = this.host.config.maxSessions;
    if (this.liveCount() >= max) throw tooManySessions(max);
    const browser = this.host.requireBrowser();
    const proxy = input.options.proxy;
    const contextId = await browser.createContext(proxy ? { proxyServer: proxy.server, ...(proxy.bypass ? { proxyBypassList: proxy.bypass } : {}) } : {});
    const id = `ses_${randomBytes(12).toString('base64url')}`;
    const session = new Session(id, contextId, browser, input.policies, Date.now(), input.labels, input.options, input.profile);
    this.host.contextSessions.set(contextId, id);
    this.sessions.set(id, session);
    try {
      for (const hook of this.hooks) await hook.contextCreated?.(session);
      const tab = await this.openTab(session);
      for (const hook of this.hooks) await hook.firstTab?.(session, tab);
      this.#armTtl(session);
      this.save(session);
      this.events.append(id, 'session_created', { policies: session.policies, labels: session.labels, tab_id: tab.id });
      return { session, tab };
    } catch (err) {
      for (const hook of this.hooks) hook.discarded?.(session);
      this.sessions.delete(id);
      this.host.contextSessions.delete(contextId);
      bestEffort(browser.disposeContext(contextId), 'a half-made session is taken down', (l) => this.host.log.debug(l));
      throw err;
    }
  }

  /** A new tab in the session, within its max_tabs (and the daemon's --max-tabs, in createTab). */
  async openTab(session: Session): Promise<Tab> {
    const max = session.policies.max_tabs;
    if (max > 0 && this.tabsOf(session).length >= max) {
      const error = tooManySessionTabs(session.id, max);
      this.events.append(session.id, 'policy_refused', { policy: 'max_tabs', code: error.code, status: error.status, message: error.message });
      throw error;
    }
    return await this.host.createTab(session.id === DEFAULT_SESSION ? undefined : session.contextId);
  }

  /** Deletes (terminated) or expires a session: hooks (profile save), then the context goes. */
  async end(session: Session, status: 'terminated' | 'expired', options: { saveProfile?: boolean; reason?: string } = {}): Promise<void> {
    if (!session.live || session.id === DEFAULT_SESSION) return;
    clearTimeout(session.ttlTimer);
    for (const hook of this.hooks) {
      try { await hook.beforeEnd?.(session, options.saveProfile ?? false); } catch (err) { this.host.log.error(`session ${session.id}: ${(err as Error).message}`); }
    }
    const tabs = this.tabsOf(session);
    session.status = status;
    session.endedAt = Date.now();
    const gone = status === 'expired' ? sessionExpired(session.id) : sessionEnded(session.id, status);
    for (const tab of tabs) this.#rememberGone(tab.id, gone);
    if (session.browser === this.host.browser && !session.browser.connection.closed) {
      try { await session.browser.disposeContext(session.contextId); } catch (err) { this.host.log.debug(`disposing ${session.contextId}: ${(err as Error).message}`); }
    }
    this.host.contextSessions.delete(session.contextId);
    this.events.append(session.id, status === 'expired' ? 'session_expired' : 'session_closed', { reason: options.reason ?? status, closed_tabs: tabs.map((t) => t.id) });
    this.save(session);
  }

  record(session: Session): Record<string, unknown> {
    return {
      session_id: session.id, status: this.statusOf(session), created_at: new Date(session.createdAt).toISOString(),
      expires_at: session.expiresAt ? new Date(session.expiresAt).toISOString() : null,
      ...(session.endedAt ? { ended_at: new Date(session.endedAt).toISOString() } : {}),
      policies: session.policies, labels: session.labels,
      profile_id: session.profile?.id ?? null, profile_read_only: session.profile?.readOnly ?? false,
      ...(session.aliases.size ? { aliases: [...session.aliases] } : {}),
      ...(session.error ? { error: session.error } : {}),
    };
  }

  /** `running` while an action is in flight on one of its tabs (or its agent task runs). */
  statusOf(session: Session): string {
    if (session.live && session.id !== DEFAULT_SESSION && this.host.browser && session.browser !== this.host.browser) this.#lostBrowser(session);
    if (session.status !== 'ready') return session.status;
    if (session.task || this.tabsOf(session).some((t) => t.queue.busy)) return 'running';
    return 'ready';
  }

  save(session: Session): void {
    if (session.id === DEFAULT_SESSION) return;
    this.events.saveRecord(session.id, session.createdAt, session.status, this.record(session), session.endedAt);
  }

  addAlias(session: Session, alias: string): void { session.aliases.add(alias); this.save(session); }

  /** Daemon stop: every live session ends as `terminated` (its record says so after a restart). */
  async stopAll(): Promise<void> {
    for (const session of this.sessions.values()) if (session.live) await this.end(session, 'terminated', { reason: 'daemon stopped' });
  }

  #byAlias(alias: string): Session | undefined {
    for (const s of this.sessions.values()) if (s.aliases.has(alias)) return s;
    return undefined;
  }

  #armTtl(session: Session): void {
    clearTimeout(session.ttlTimer);
    const at = session.expiresAt;
    if (!at) return;
    session.ttlTimer = setTimeout(() => void this.end(session, 'expired', { reason: 'token_ttl_s' }), Math.max(0, at - Date.now()));
    session.ttlTimer.unref();
  }

  /** Chromium restarted under live sessions: their contexts are gone with it (called when the
   *  relaunched browser adopts its first tab, and lazily wherever a session is looked at). */
  sweepLostBrowser(): void {
    for (const s of this.sessions.values()) if (s.live && this.host.browser && s.browser !== this.host.browser) this.#lostBrowser(s);
  }

  #lostBrowser(session: Session): void {
    session.status = 'error';
    session.error = 'Chromium restarted; the session\'s browser context is gone';
    session.endedAt = Date.now();
    clearTimeout(session.ttlTimer);
    this.events.append(session.id, 'session_error', { reason: session.error });
    this.save(session);
  }

  #rememberGone(tabId: string, error: ReturnType<typeof sessionExpired>): void {
    this.host.goneTabs.set(tabId, error);
    if (this.host.goneTabs.size > 1000) this.host.goneTabs.delete(this.host.goneTabs.keys().next().value!);
  }
}

const registries = new WeakMap<BrowserHost, SessionRegistry>();
export function setRegistry(host: BrowserHost, registry: SessionRegistry): void { registries.set(host, registry); }
/** The daemon's sessions (the sessions plugin made them at start). */
export function sessionsOf(host: BrowserHost): SessionRegistry {
  const r = registries.get(host);
  if (!r) throw new Error('the sessions plugin has not started');
  return r;
}
export function maybeSessionsOf(host: BrowserHost): SessionRegistry | undefined { return registries.get(host); }
