// POST /tabs/{id}/pdf (issue 24 "PDF"): the page printed to a PDF file. Printing reads the page
// and changes nothing, so it is a query in the tab's queue (not between an action's input and settle).
import { z } from 'zod';
import { PAPER, printPdf } from '../../cdp/pdf.ts';
import { ProtocolError } from '../../cdp/errors.ts';
import { ApiError } from '../errors.ts';
import type { RouteDef } from './types.ts';

const inches = z.number().min(0).max(100);
const pdfBody = z.object({
  paper: z.enum(Object.keys(PAPER) as [string, ...string[]]).optional(),
  width_in: z.number().min(1).max(200).optional(),
  height_in: z.number().min(1).max(200).optional(),
  landscape: z.boolean().optional(),
  margin_in: z.union([inches, z.object({ top: inches.optional(), right: inches.optional(), bottom: inches.optional(), left: inches.optional() }).strict()]).optional(),
  background: z.boolean().optional(),
  page_ranges: z.string().max(200).regex(/^\s*\d+(\s*-\s*\d*)?(\s*,\s*\d+(\s*-\s*\d*)?)*\s*$/, 'pages like "1-3, 5"').optional(),
  scale: z.number().min(0.1).max(2).optional(),
  prefer_css_page_size: z.boolean().optional(),
}).loose();

const PDF_TIMEOUT_MS = 30_000;

export const pdfRoutes: RouteDef[] = [
  {
    name: 'pdf', method: 'POST', path: '/tabs/:id/pdf', kind: 'query', body: pdfBody,
    summary: 'The page as a PDF file (paper letter/legal/tabloid/a3/a4/a5 or width_in × height_in, margin_in, background, page_ranges, landscape, scale).',
    docs: {
      group: 'content', answer: 'the PDF bytes (Content-Type application/pdf, an attachment), not JSON',
      example: { paper: 'a4', margin_in: 0.5, background: true, page_ranges: '1' },
      errors: [{ status: 400, code: 'INVALID_PARAMS', when: 'page_ranges past the last page, or paper together with width_in/height_in' }],
    },
    async handle(req, { host }) {
      const body = req.body as z.infer<typeof pdfBody>;
      if (body.paper && (body.width_in !== undefined || body.height_in !== undefined)) {
        throw new ApiError(400, 'INVALID_PARAMS', 'paper: give either paper or width_in/height_in, not both');
      }
      const tab = host.getTab(req.params.id!);
      host.assertNoDialog(tab);
      try {
        const pdf = await tab.queue.run(() => printPdf(tab.page.session, body, PDF_TIMEOUT_MS));
        return { binary: pdf, contentType: 'application/pdf', filename: 'page.pdf' };
      } catch (err) {
        if (err instanceof ProtocolError && /range|page/i.test(err.protocolMessage)) {
          throw new ApiError(400, 'INVALID_PARAMS', `page_ranges: ${err.protocolMessage} (pages are counted from 1)`);
        }
        throw err;
      }
    },
  },
];
