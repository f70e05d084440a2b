// stealth_mode (sessions.md §3): what a page can read that says "automated". The UA loses
// "HeadlessChrome" (with UA client hints to match), navigator.webdriver reads false, WebGL reports a
// common vendor/renderer, and canvas reads carry a tiny per-session noise (stable within the session,
// different between sessions). --disable-blink-features=AutomationControlled is not a per-context
// switch; the script below covers navigator.webdriver in every context instead.
import { createHash } from 'node:crypto';
import type { CdpSession } from '../../cdp/connection.ts';
import type { Session } from './session.ts';

export function stealthUserAgent(ua: string): string { return ua.replace(/HeadlessChrome/g, 'Chrome'); }

function majorVersion(ua: string): string { return /Chrome\/(\d+)/.exec(ua)?.[1] ?? '120'; }

export function stealthCalls(s: CdpSession, session: Session, ua: string, locale?: string): Promise<unknown>[] {
  const userAgent = stealthUserAgent(ua);
  const major = majorVersion(userAgent);
  const brands = [{ brand: 'Chromium', version: major }, { brand: 'Google Chrome', version: major }, { brand: 'Not=A?Brand', version: '24' }];
  const seed = createHash('sha256').update(session.id).digest().readUInt32LE(0);
  return [
    s.send('Emulation.setUserAgentOverride', {
      userAgent, ...(locale ? { acceptLanguage: locale } : {}), platform: 'Linux x86_64',
      userAgentMetadata: { brands, fullVersion: `${major}.0.0.0`, platform: 'Linux', platformVersion: '', architecture: 'x86', model: '', mobile: false },
    }),
    s.send('Page.addScriptToEvaluateOnNewDocument', { source: stealthScript(seed), runImmediately: true }),
  ];
}

/** Runs in the main world before any page script. Getters are defined on prototypes (where the real
 *  ones live) so `Object.getOwnPropertyDescriptor(navigator, 'webdriver')` stays undefined. */
function stealthScript(seed: number): string {
  return `(() => {
  const nav = Object.getPrototypeOf(navigator);
  Object.defineProperty(nav, 'webdriver', { get: () => false, configurable: true });
  const patchGl = (proto) => {
    if (!proto) return;
    const real = proto.getParameter;
    proto.getParameter = function (p) {
      if (p === 0x9245) return 'Intel Inc.';
      if (p === 0x9246) return 'Intel Iris OpenGL Engine';
      return real.call(this, p);
    };
  };
  patchGl(self.WebGLRenderingContext && WebGLRenderingContext.prototype);
  patchGl(self.WebGL2RenderingContext && WebGL2RenderingContext.prototype);
  // The same pixels get the same noise within a session (a script that reads twice sees one answer).
  const noisy = (data) => { let state = ${seed >>> 0}; for (let i = 0; i < data.length; i += 97) { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; data[i] ^= (state >>> 16) & 1; } };
  const realGet = CanvasRenderingContext2D.prototype.getImageData;
  CanvasRenderingContext2D.prototype.getImageData = function (...args) { const img = realGet.apply(this, args); noisy(img.data); return img; };
  const realUrl = HTMLCanvasElement.prototype.toDataURL;
  HTMLCanvasElement.prototype.toDataURL = function (...args) {
    const ctx = this.getContext && this.getContext('2d');
    if (!ctx || !this.width || !this.height) return realUrl.apply(this, args);
    // A noisy copy: the page's own canvas keeps its pixels.
    const copy = document.createElement('canvas');
    copy.width = this.width; copy.height = this.height;
    const img = realGet.call(ctx, 0, 0, this.width, this.height);
    noisy(img.data);
    copy.getContext('2d').putImageData(img, 0, 0);
    return realUrl.apply(copy, args);
  };
})();`;
}
