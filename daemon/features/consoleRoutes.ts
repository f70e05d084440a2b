// GET/DELETE /console (rest.md §4.16).
import { z } from 'zod';
import { invalidParams } from '../errors.ts';
import type { RouteDef } from '../routes/types.ts';
import { featuresOf } from './state.ts';

const MAX_PATTERN = 1_000;
const whole = (field: string) => z.string().regex(/^-?\d{1,15}$/, `${field}: a whole number`);

const consoleQuery = z.object({
  tab_id: z.string().min(1).optional(),
  level: z.enum(['verbose', 'info', 'warning', 'error']).optional(),
  pattern: z.string().max(MAX_PATTERN).optional(),
  limit: whole('limit').optional(),
  after_id: whole('after_id').optional(),
}).loose();

export const consoleRoutes: RouteDef[] = [
  {
    name: 'get_console', method: 'GET', path: '/console', kind: 'query', query: consoleQuery,
    summary: 'Console messages of all tabs (filters: tab_id, level = minimum severity, pattern = regex, after_id, limit).',
    async handle(req, { host }) {
      const q = req.query as z.infer<typeof consoleQuery>;
      let pattern: RegExp | undefined;
      if (q.pattern !== undefined) {
        try { pattern = new RegExp(q.pattern, 'i'); } catch (err) {
          throw invalidParams(`pattern: not a valid regular expression (${(err as Error).message})`);
        }
      }
      return { json: featuresOf(host).console.query({
        tabId: q.tab_id, level: q.level, pattern, limit: q.limit === undefined ? 100 : Number(q.limit),
        afterId: q.after_id === undefined ? undefined : Number(q.after_id),
      }) };
    },
  },
  {
    name: 'clear_console', method: 'DELETE', path: '/console', kind: 'query', query: z.object({ tab_id: z.string().min(1).optional() }).loose(),
    summary: 'Forget buffered console messages (of one tab with tab_id).',
    async handle(req, { host }) {
      return { json: { cleared: featuresOf(host).console.clear((req.query as { tab_id?: string }).tab_id) } };
    },
  },
];
