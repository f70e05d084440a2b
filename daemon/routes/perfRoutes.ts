// Performance (issue 24): a Chromium trace per tab (start, then stop answers the file Chrome
// DevTools' Performance panel loads) and the page's Core Web Vitals for its current document.
import { z } from 'zod';
import { isTracing, startTrace, stopTrace } from '../../cdp/tracing.ts';
import { webVitals } from '../../cdp/webVitals.ts';
import { ApiError } from '../errors.ts';
import type { RouteDef } from './types.ts';

const startBody = z.object({
  categories: z.array(z.string().min(1).max(200).regex(/^[\w.,:\-*]+$/, 'trace category names')).min(1).max(100).optional()
    .meta({ description: 'trace categories (default: the ones DevTools\' Performance panel records)' }),
}).loose();

const STOP_TIMEOUT_MS = 30_000;

export const perfRoutes: RouteDef[] = [
  {
    name: 'trace_start', method: 'POST', path: '/tabs/:id/trace/start', kind: 'query', body: startBody,
    summary: 'Start a Chromium performance trace of the tab (one at a time per tab); act on the page, then POST …/trace/stop.',
    docs: { group: 'performance', answer: '{"tracing": true}', errors: [{ status: 409, code: 'TRACE_RUNNING', when: 'a trace of this tab is already running' }] },
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      if (isTracing(tab.page.session)) throw new ApiError(409, 'TRACE_RUNNING', `A trace of tab ${tab.id} is running; stop it with POST /tabs/${tab.id}/trace/stop.`);
      await startTrace(tab.page.session, (req.body as z.infer<typeof startBody>).categories);
      return { json: { tracing: true } };
    },
  },
  {
    name: 'trace_stop', method: 'POST', path: '/tabs/:id/trace/stop', kind: 'query',
    summary: 'Stop the tab\'s trace and answer it as a JSON trace file ({"traceEvents": […]}) that Chrome DevTools\' Performance panel loads.',
    docs: { group: 'performance', answer: 'the trace file (application/json attachment): {"traceEvents": [...], "metadata"}', errors: [{ status: 409, code: 'NO_TRACE', when: 'no trace of this tab is running' }] },
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      if (!isTracing(tab.page.session)) throw new ApiError(409, 'NO_TRACE', `No trace of tab ${tab.id} is running; start one with POST /tabs/${tab.id}/trace/start.`);
      const trace = await stopTrace(tab.page.session, STOP_TIMEOUT_MS);
      return { binary: Buffer.from(JSON.stringify(trace)), contentType: 'application/json', filename: `trace-${tab.id.slice(0, 8)}.json` };
    },
  },
  {
    name: 'web_vitals', method: 'GET', path: '/tabs/:id/vitals', kind: 'query',
    summary: 'Core Web Vitals of the current document: LCP, CLS, INP (null until an interaction), plus FCP and TTFB, from the page\'s own performance timeline.',
    docs: { group: 'performance', answer: '{"lcp_ms", "cls", "inp_ms", "fcp_ms", "ttfb_ms", "interactions"}' },
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      host.assertNoDialog(tab);
      return { json: await tab.queue.run(() => webVitals(tab.page.session)) };
    },
  },
];
