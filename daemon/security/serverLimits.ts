// Limits on the HTTP server itself, below hono: header size, slow clients, connection count. A client
// that trickles its headers or body (slowloris) is cut off instead of holding a socket for ever.
import type { ServerOptions } from 'node:http';
import type { Server } from 'node:net';
import { WebSocketServer } from 'ws';

export const SERVER_OPTIONS: ServerOptions = {
  /** 431 beyond this; a bearer token and the usual headers need a few hundred bytes. */
  maxHeaderSize: 16 * 1024,
  /** All headers must have arrived within this (408 otherwise). */
  headersTimeout: 10_000,
  /** The whole request, a 50 MiB upload included, must have arrived within this. Loopback is fast. */
  requestTimeout: 60_000,
  keepAliveTimeout: 5_000,
  /** How often Node looks for connections past the two timeouts above. */
  connectionsCheckingInterval: 1_000,
};

/** Agents keep a few connections each; far more than this is a runaway client. */
export const MAX_CONNECTIONS = 512;

export function hardenServer(server: Server): void {
  server.maxConnections = MAX_CONNECTIONS;
}

/** The largest WebSocket message accepted: a bigger one closes the socket with 1009 (ws does it). */
export const WS_MAX_PAYLOAD = 1024 * 1024;

/**
 * One WebSocket server for the whole daemon, handed to @hono/node-server: an upgrade request is
 * answered by the hono app like any request (so the security middleware checks it), and a route
 * that calls `upgradeWebSocket` takes the socket. No compression: frames are small JSON on loopback.
 */
export function createWebSocketServer(): WebSocketServer {
  return new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false });
}
