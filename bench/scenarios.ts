// The scenario table: each row is one user step on a local fixture page (test/pages, see the header
// comment of each page for its coordinates), the check that proves the page reached its final state,
// and the variants it is measured with.
import type { Scenario, Variant, VariantId } from './types.ts';

export const VARIANTS: Record<VariantId, Variant> = {
  'abpd': { id: 'abpd', backend: 'abpd', label: 'abpd (webp, default)' },
  'abpd-jpeg': { id: 'abpd-jpeg', backend: 'abpd', label: 'abpd (jpeg q80)', screenshot: { format: 'jpeg' } },
  // The same step as the first one on a page (no earlier after-frame to reuse as its before-frame).
  'abpd-cold': { id: 'abpd-cold', backend: 'abpd', label: 'abpd (webp, first look: before-frame captured)', cold: true },
  'abpd-cold-plain': { id: 'abpd-cold-plain', backend: 'abpd', label: 'abpd (webp, no markup, first look)', cold: true, screenshot: { markup: 'none' } },
  'abpd-plain': { id: 'abpd-plain', backend: 'abpd', label: 'abpd (webp, no markup)', screenshot: { markup: 'none' } },
  // Playwright cannot encode WebP: JPEG q80 is the fair "what a client gets" comparison.
  'pw': { id: 'pw', backend: 'pw', label: 'Playwright (jpeg q80, networkidle)', wait: 'networkidle' },
  'pw-load': { id: 'pw-load', backend: 'pw', label: 'Playwright (jpeg q80, load)', wait: 'load' },
  'pw-oracle': { id: 'pw-oracle', backend: 'pw', label: 'Playwright (jpeg q80, oracle wait)', wait: 'oracle' },
};

const COMMON: VariantId[] = ['abpd', 'abpd-jpeg', 'pw'];
/** Where the generic wait is expected to be wrong (measured.md §5): also a hand-written wait, for scale. */
const WITH_ORACLE: VariantId[] = [...COMMON, 'pw-oracle'];
/** 50 characters. */
export const TYPED_TEXT = 'The quick brown fox jumps over the lazy dog 0123456';
const byId = (id: string): string => `document.getElementById(${JSON.stringify(id)})`;

export const SCENARIOS: Scenario[] = [
  {
    name: 'static-click', what: 'click that changes the DOM synchronously (static.html #button)',
    page: '/pages/static.html', step: { kind: 'click', x: 160, y: 120 },
    check: `${byId('status')}.textContent === 'clicked'`, variants: [...COMMON, 'abpd-cold'],
  },
  {
    name: 'navigate-click', what: 'click → navigation to landing.html (css 40 ms, img 60 ms, fetch 50 ms after load)',
    page: '/pages/navigate.html', step: { kind: 'click', x: 100, y: 100 },
    check: `location.pathname === '/pages/landing.html' && window.landingReady === true && window.landingFetched === true && ${byId('img')}.complete`,
    variants: WITH_ORACLE,
  },
  {
    name: 'fetch-click', what: 'click → 300 ms fetch that renders (fetch.html)',
    page: '/pages/fetch.html', step: { kind: 'click', x: 100, y: 100 },
    check: `${byId('result')}.textContent === 'loaded'`, variants: WITH_ORACLE,
  },
  {
    name: 'chain-click', what: 'click → fetch 100 ms, 250 ms JS gap, fetch 150 ms (chain.html)',
    page: '/pages/chain.html', step: { kind: 'click', x: 100, y: 100 },
    check: `${byId('result')}.textContent === 'chain done'`, variants: WITH_ORACLE,
  },
  {
    name: 'type-50', what: 'type 50 characters into a focused input (click.html #text)',
    page: '/pages/click.html', prepare: `${byId('text')}.focus(); true`, step: { kind: 'type', text: TYPED_TEXT },
    check: `${byId('text')}.value === ${JSON.stringify(TYPED_TEXT)}`, variants: COMMON,
  },
  {
    name: 'scroll', what: 'mouse wheel 500 px down at (640,400) (scroll.html)',
    page: '/pages/scroll.html', step: { kind: 'scroll', x: 640, y: 400, deltaY: 500 },
    check: 'Math.round(window.scrollY) === 500', scrollY: 500, variants: WITH_ORACLE,
  },
  {
    name: 'screenshot', what: 'POST screenshot (abpd: before+after frames; Playwright: one screenshot)',
    page: '/pages/click.html', step: { kind: 'screenshot' }, check: 'true', variants: [...COMMON, 'abpd-cold'],
  },
  {
    name: 'markup-screenshot', what: 'screenshot with markup "interactive" on 200 elements (many.html); Playwright has no markup',
    page: '/pages/many.html', step: { kind: 'screenshot', markup: true },
    check: 'window.elementCount === 200', variants: ['abpd', 'abpd-plain', 'abpd-jpeg', 'pw', 'abpd-cold', 'abpd-cold-plain'],
  },
  {
    name: 'navigate-slow', what: 'navigate to a page whose load event comes after ~500 ms (slow-load.html)',
    page: 'about:blank', step: { kind: 'navigate', path: '/pages/slow-load.html' },
    check: `window.loaded === true && ${byId('status')}.textContent === 'ready'`, variants: [...COMMON, 'pw-load'],
  },
  {
    name: 'tabs-8', what: '8 tabs acting at once: a static click in each (latency = until the last envelope)',
    page: '/pages/static.html', tabs: 8, step: { kind: 'click', x: 160, y: 120 },
    check: `${byId('status')}.textContent === 'clicked'`, variants: COMMON,
  },
];
