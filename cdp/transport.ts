// One interface for the two ways abpd talks to Chromium: the launch pipe (fast, dies with the
// daemon, not reachable by other processes) and a WebSocket URL (to attach to an existing browser).
import type { Readable, Writable } from 'node:stream';
import WebSocket from 'ws';

export interface Transport {
  send(message: string): void;
  onMessage: ((message: string) => void) | null;
  onClose: ((reason: string) => void) | null;
  close(): void;
}

/** `--remote-debugging-pipe`: NUL-separated JSON on fd 3 (to Chromium) and fd 4 (from Chromium). */
export class PipeTransport implements Transport {
  onMessage: ((message: string) => void) | null = null;
  onClose: ((reason: string) => void) | null = null;
  #pending: Buffer[] = [];
  #closed = false;

  constructor(readonly toChrome: Writable, readonly fromChrome: Readable) {
    fromChrome.on('data', (chunk: Buffer) => this.#onData(chunk));
    fromChrome.on('close', () => this.#closeOnce('pipe closed'));
    fromChrome.on('error', (err) => this.#closeOnce(`pipe error: ${err.message}`));
    // A write after Chromium died raises EPIPE here; the read side reports the close.
    toChrome.on('error', (err) => this.#closeOnce(`pipe error: ${err.message}`));
  }

  send(message: string): void {
    if (this.#closed) return;
    this.toChrome.write(message);
    this.toChrome.write('\0');
  }

  close(): void {
    this.toChrome.end();
    this.#closeOnce('closed by abpd');
  }

  #onData(chunk: Buffer): void {
    let start = 0;
    let end = chunk.indexOf(0);
    while (end !== -1) {
      this.#pending.push(chunk.subarray(start, end));
      const message = Buffer.concat(this.#pending).toString('utf8');
      this.#pending = [];
      this.onMessage?.(message);
      start = end + 1;
      end = chunk.indexOf(0, start);
    }
    if (start < chunk.length) this.#pending.push(chunk.subarray(start));
  }

  #closeOnce(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onClose?.(reason);
  }
}

/** A DevTools WebSocket endpoint (`ws://127.0.0.1:PORT/devtools/browser/...`). */
export class WebSocketTransport implements Transport {
  onMessage: ((message: string) => void) | null = null;
  onClose: ((reason: string) => void) | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => this.onMessage?.(data.toString()));
    socket.on('close', () => this.onClose?.('websocket closed'));
  }

  static async connect(url: string, timeoutMs: number): Promise<WebSocketTransport> {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`could not connect to ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('open', () => { clearTimeout(timer); resolve(); });
      socket.once('error', (err) => { clearTimeout(timer); reject(err); });
    });
    return new WebSocketTransport(socket);
  }

  send(message: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(message);
  }

  close(): void {
    this.socket.close();
  }
}
