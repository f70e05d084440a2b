// Reads that are not actions: page text and the raw screenshot (rest.md §4.7–4.8).
import { z } from 'zod';
import { captureFrame } from '../frames.ts';
import { resolveScreenshotOptions, screenshotSchema } from '../screenshotOptions.ts';
import { parseOrThrow } from '../validation.ts';
import type { RouteDef } from './types.ts';

const textBody = z.object({ selector: z.string().min(1).max(10_000).optional(), max_chars: z.number().int().min(1).max(10_000_000).optional() }).loose();

// Runs in the page; self-contained. Reading innerText runs no page code and does not move the clock.
function readText(selector: string | null): string | null {
  if (selector === null) return document.body ? document.body.innerText : '';
  const el = document.querySelector(selector);
  return el ? (el as HTMLElement).innerText ?? el.textContent : null;
}

const MIME: Record<string, string> = { webp: 'image/webp', png: 'image/png', jpeg: 'image/jpeg' };

export const contentRoutes: RouteDef[] = [
  {
    name: 'text', method: 'POST', path: '/tabs/:id/text', kind: 'query', body: textBody,
    docs: { answer: '{"text": …} (the page\'s, or the first selector match\'s, innerText); the page\'s clock does not move' },
    summary: 'innerText of the page or of the first element matching selector.',
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      host.assertNoDialog(tab);
      const r = await tab.page.session.send('Runtime.evaluate', {
        expression: `(${readText.toString()})(${JSON.stringify(req.body.selector ?? null)})`, returnByValue: true, silent: true,
      }, { timeoutMs: 10_000 });
      if (r.exceptionDetails) {
        return { status: 400, json: { error: `selector: ${r.exceptionDetails.exception?.description?.split('\n')[0] ?? 'invalid selector'}`, code: 'INVALID_PARAMS' } };
      }
      const text = r.result.value as string | null;
      const max = req.body.max_chars;
      if (text !== null && max !== undefined && text.length > max) return { json: { text: text.slice(0, max), truncated: true } };
      return { json: { text } };
    },
  },
  {
    name: 'get_screenshot', method: 'GET', path: '/tabs/:id/screenshot', kind: 'query',
    docs: { answer: 'the image bytes (Content-Type image/webp, image/png or image/jpeg), not JSON' },
    summary: 'The viewport as image bytes (markup, format, quality in the query).',
    query: z.object({ markup: z.string().optional(), disable_markup: z.string().optional(), format: z.string().optional(),
      quality: z.string().regex(/^\d{1,3}$/, 'a whole number 1-100').optional(), cursor: z.enum(['true', 'false']).optional() }).loose(),
    async handle(req, { host }) {
      const q = req.query as Record<string, string | undefined>;
      const input = parseOrThrow(screenshotSchema, {
        markup: q.markup,
        disable_markup: q.disable_markup === undefined ? undefined : q.disable_markup === 'true' ? true : q.disable_markup.split(',').filter(Boolean),
        format: q.format, quality: q.quality === undefined ? undefined : Number(q.quality),
        cursor: q.cursor === undefined ? undefined : q.cursor === 'true',
      }, 'query');
      const tab = host.getTab(req.params.id!);
      host.assertNoDialog(tab);
      const options = resolveScreenshotOptions(input);
      const frame = await tab.queue.run(() => captureFrame(tab, options));
      return { binary: frame.data, contentType: MIME[frame.format] ?? 'application/octet-stream', inline: true };
    },
  },
];
