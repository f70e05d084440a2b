// Fixture HTTP server for real-browser tests: static pages from test/pages/ plus programmable routes
// (delay, gate, echo, download, status, auth, redirect) and per-path request counters.
// Route reference: see the table in ./fixtureRoutes.ts; page reference: the comment atop each page.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { send } from './fixtureContent.ts';
import { notFound, routes, type RouteServices } from './fixtureRoutes.ts';

export interface FixtureGate {
  /** Answers every held request and lets later requests through at once (a gate stays open once released). */
  release(): void;
  /** Requests currently held at this gate. */
  waiting(): number;
}

export interface FixtureServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** http://localhost:PORT — the same server on a different *site*, for cross-origin iframes. */
  altOrigin: string;
  url(path: string): string;
  hits(pathname: string): number;
  resetHits(): void;
  /** Every request the server received since the last resetHits(), in arrival order. */
  requests(): { method: string; path: string }[];
  /** Requests to /gate/NAME hang until release(). */
  gate(name: string): FixtureGate;
  close(): Promise<void>;
}

interface GateState {
  released: boolean;
  waiters: Set<() => void>;
}

class FixtureServerImpl implements FixtureServer, RouteServices {
  origin = '';
  altOrigin = '';
  #servers: Server[] = [];
  #sockets = new Set<Socket>();
  #hits = new Map<string, number>();
  #requests: { method: string; path: string }[] = [];
  #gates = new Map<string, GateState>();
  #timers = new Set<NodeJS.Timeout>();
  #closing: Promise<void> | null = null;

  async listen(): Promise<void> {
    const primary = this.#newServer();
    await new Promise<void>((resolve, reject) => {
      primary.once('error', reject);
      primary.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = primary.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    this.altOrigin = `http://localhost:${port}`;
    // `localhost` may resolve to ::1 first (Chromium, Node fetch); a second listener on the same port
    // makes altOrigin independent of resolver order. Best effort: hosts without IPv6 fall back to 127.0.0.1.
    const secondary = this.#newServer();
    await new Promise<void>((resolve) => {
      secondary.once('error', () => {
        this.#servers = this.#servers.filter((s) => s !== secondary);
        resolve();
      });
      secondary.listen(port, '::1', () => resolve());
    });
  }

  url(path: string): string {
    return this.origin + (path.startsWith('/') ? path : `/${path}`);
  }

  hits(pathname: string): number {
    return this.#hits.get(pathname) ?? 0;
  }

  resetHits(): void {
    this.#hits.clear();
    this.#requests = [];
  }

  requests(): { method: string; path: string }[] {
    return [...this.#requests];
  }

  gate(name: string): FixtureGate {
    const state = this.#gateState(name);
    return {
      release: () => {
        state.released = true;
        const waiters = [...state.waiters];
        state.waiters.clear();
        for (const answer of waiters) answer();
      },
      waiting: () => state.waiters.size,
    };
  }

  waitForGate(name: string, res: ServerResponse, onRelease: () => void): void {
    const state = this.#gateState(name);
    if (state.released || this.#closing !== null) return onRelease();
    state.waiters.add(onRelease);
    // A client that gives up (tab closed, fetch aborted) must not count as waiting any more.
    res.once('close', () => state.waiters.delete(onRelease));
  }

  later(res: ServerResponse, ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!res.destroyed) fn();
    }, ms);
    this.#timers.add(timer);
    res.once('close', () => {
      clearTimeout(timer);
      this.#timers.delete(timer);
    });
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const name of this.#gates.keys()) this.gate(name).release();
    const closed = Promise.all(
      this.#servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
    // server.close() waits for keep-alive and held connections; Chromium keeps them open, so end them now.
    for (const socket of this.#sockets) socket.destroy();
    for (const server of this.#servers) server.closeAllConnections();
    await closed;
  }

  #gateState(name: string): GateState {
    let state = this.#gates.get(name);
    if (state === undefined) {
      state = { released: false, waiters: new Set() };
      this.#gates.set(name, state);
    }
    return state;
  }

  #newServer(): Server {
    const server = createServer((req, res) => void this.#handle(req, res));
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
      if (this.#closing !== null) socket.destroy();
    });
    this.#servers.push(server);
    return server;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    this.#hits.set(url.pathname, this.hits(url.pathname) + 1);
    this.#requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search });
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      return send(res, 204, null, null, { 'Access-Control-Allow-Methods': '*', 'Access-Control-Allow-Headers': '*' });
    }
    try {
      for (const route of routes) {
        const match = route.pattern.exec(url.pathname);
        if (match !== null) return await route.handle({ req, res, url, match, services: this });
      }
      notFound(res);
    } catch (error) {
      // A fixture bug should fail the test that hit it, loudly, not hang the browser.
      if (!res.headersSent) send(res, 500, 'text/plain', `fixture error: ${String(error)}\n`);
      else res.destroy();
    }
  }
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const server = new FixtureServerImpl();
  await server.listen();
  return server;
}
