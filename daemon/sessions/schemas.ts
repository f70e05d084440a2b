// Request bodies of /api/v1/sessions (sessions.md §2). Policies are strict: a misspelt policy is a
// 400 naming it, never a rule silently not enforced.
import { z } from 'zod';
import { policiesSchema } from './policies.ts';

const label = z.string().min(1).max(64);

export const createSessionBody = z.object({
  policies: policiesSchema.optional(),
  profile_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'use 1-64 letters, digits, _ or -').optional(),
  profile_read_only: z.boolean().optional(),
  viewport: z.object({ width: z.number().int().min(100).max(8000), height: z.number().int().min(100).max(8000),
    mobile: z.boolean().optional().meta({ description: 'a phone: touch input (maxTouchPoints 5); the layout width stays the width given' }) }).optional(),
  user_agent: z.string().min(1).max(1000).optional(),
  locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'use a BCP 47 tag such as en-US').optional(),
  timezone: z.string().regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'use an IANA zone such as Europe/Berlin').max(64).optional(),
  geolocation: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), accuracy: z.number().min(0).max(100_000).optional() }).optional(),
  proxy: z.union([z.string().min(1).max(2048), z.object({ server: z.string().min(1).max(2048), bypass: z.string().max(4096).optional() })]).optional(),
  start_url: z.string().min(1).max(2 * 1024 * 1024).optional(),
  labels: z.record(label, z.string().max(256)).refine((r) => Object.keys(r).length <= 50, 'at most 50 labels').optional(),
}).loose();

export const patchSessionBody = z.object({ policies: policiesSchema }).loose();

export const listSessionsQuery = z.object({
  status: z.enum(['ready', 'running', 'paused', 'paused_hitl', 'expired', 'terminated', 'error']).optional(),
}).loose();

export const deleteSessionQuery = z.object({ save_profile: z.enum(['true', 'false']).optional() }).loose();

const nonNegativeInt = z.string().regex(/^\d{1,15}$/, 'a whole number ≥ 0');
export const eventsQuery = z.object({
  after_id: nonNegativeInt.optional(),
  types: z.string().max(2000).optional(),
  limit: z.string().regex(/^\d{1,4}$/, 'a whole number 1-1000').optional(),
}).loose();
