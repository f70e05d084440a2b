// A plain `ws` JSON-RPC 2.0 client for the AGENSTAB socket tests: send a request (or raw text), await
// the answer by id, collect server-pushed notifications, see how the socket closed.
import WebSocket from 'ws';

export interface RpcAnswer { jsonrpc: '2.0'; id: string | number | null; result?: any; error?: { code: number; message: string; data?: any } }
export interface RpcNotification { jsonrpc: '2.0'; method: string; params: any }

export class RpcClient {
  readonly notifications: RpcNotification[] = [];
  /** Every frame received, in order (answers, batches, notifications). */
  readonly frames: unknown[] = [];
  closed: Promise<{ code: number; reason: string }>;
  #next = 1;
  #waiters = new Map<string | number, (a: RpcAnswer) => void>();
  #frameWaiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      this.frames.push(message);
      for (const w of this.#frameWaiters.splice(0)) w();
      if (!Array.isArray(message) && 'method' in message) { this.notifications.push(message); return; }
      for (const a of Array.isArray(message) ? message : [message]) {
        const w = this.#waiters.get(a.id);
        if (w) { this.#waiters.delete(a.id); w(a); }
      }
    });
  }

  static connect(url: string, options: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<RpcClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
      ws.once('open', () => resolve(new RpcClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })));
      });
      ws.once('error', reject);
    });
  }

  call(method: string, params?: unknown): Promise<RpcAnswer> {
    const id = this.#next++;
    return this.request({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) });
  }

  /** The answer's result; fails the test with the error when there is one. */
  async ok(method: string, params?: unknown): Promise<any> {
    const a = await this.call(method, params);
    if (a.error) throw new Error(`${method}: ${JSON.stringify(a.error)}`);
    return a.result;
  }

  request(message: { id: string | number } & Record<string, unknown>): Promise<RpcAnswer> {
    const answer = new Promise<RpcAnswer>((resolve) => this.#waiters.set(message.id, resolve));
    this.ws.send(JSON.stringify(message));
    return answer;
  }

  /** Sends text as is and resolves with the next frame that arrives. */
  async raw(text: string | Buffer, binary = false): Promise<unknown> {
    const before = this.frames.length;
    this.ws.send(text, { binary });
    await this.waitFrames(before + 1);
    return this.frames[before];
  }

  async waitFrames(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length < count) {
      if (Date.now() > deadline) throw new Error(`no frame ${count} within ${timeoutMs} ms (got ${JSON.stringify(this.frames)})`);
      await new Promise<void>((r) => { this.#frameWaiters.push(r); setTimeout(r, 100); });
    }
  }

  async notification(method: string, timeoutMs = 10_000): Promise<RpcNotification> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.notifications.find((n) => n.method === method);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${method} notification within ${timeoutMs} ms (got ${JSON.stringify(this.notifications.map((n) => n.method))})`);
      await new Promise<void>((r) => { this.#frameWaiters.push(r); setTimeout(r, 100); });
    }
  }

  close(): void { this.ws.close(); }
}
