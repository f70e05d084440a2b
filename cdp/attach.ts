// Attaching to a Chrome that is already running (`--connect URL`): chrome-remote-interface finds the
// browser's WebSocket endpoint from its DevTools HTTP address; the WebSocket transport then carries
// the same protocol as the launch pipe.
import CDP from 'chrome-remote-interface';
import { WebSocketTransport } from './transport.ts';

const CONNECT_TIMEOUT_MS = 10_000;

/** `ws://…/devtools/browser/…` as is, or `http://host:port` resolved through /json/version. */
export async function browserWebSocketUrl(url: string): Promise<string> {
  if (url.startsWith('ws://') || url.startsWith('wss://')) return url;
  const parsed = new URL(url);
  const version = await CDP.Version({ host: parsed.hostname, port: Number(parsed.port || 80), secure: parsed.protocol === 'https:' });
  const ws = version.webSocketDebuggerUrl;
  if (typeof ws !== 'string') throw new Error(`${url} answered /json/version without a webSocketDebuggerUrl`);
  return ws;
}

export async function attachToBrowser(url: string): Promise<WebSocketTransport> {
  return WebSocketTransport.connect(await browserWebSocketUrl(url), CONNECT_TIMEOUT_MS);
}
