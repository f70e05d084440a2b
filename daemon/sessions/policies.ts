// Session policies (sessions.md §3): their schema (a wrong type is a 400 naming the field), the
// defaults, which ones may change on a live session, and the URL matching both the navigate check
// and the wire-level gate use.
import { z } from 'zod';

export const policiesSchema = z.object({
  domain_allowlist: z.array(z.string().min(1).max(253)).max(500).optional(),
  allowed_urls: z.array(z.string().min(1).max(2048)).max(500).optional(),
  block_subresources_outside_allowlist: z.boolean().optional(),
  allow_js_eval: z.boolean().optional(),
  rate_limit_apm: z.number().int().min(0).max(1_000_000).optional(),
  token_ttl_s: z.number().int().min(0).max(365 * 24 * 3600).optional(),
  navigation_timeout_ms: z.number().int().min(100).max(600_000).optional(),
  hitl_transaction_threshold_cents: z.number().int().min(0).nullable().optional(),
  stealth_mode: z.boolean().optional(),
  allow_downloads: z.boolean().optional(),
  allow_file_upload: z.boolean().optional(),
  max_tabs: z.number().int().min(1).max(1000).optional(),
}).strict();

export type PolicyInput = z.infer<typeof policiesSchema>;

export interface Policies {
  domain_allowlist: string[] | null;
  allowed_urls: string[] | null;
  block_subresources_outside_allowlist: boolean;
  allow_js_eval: boolean;
  rate_limit_apm: number;
  token_ttl_s: number;
  navigation_timeout_ms: number;
  hitl_transaction_threshold_cents: number | null;
  stealth_mode: boolean;
  allow_downloads: boolean;
  allow_file_upload: boolean;
  max_tabs: number;
}

export const DEFAULT_POLICIES: Policies = {
  domain_allowlist: null, allowed_urls: null, block_subresources_outside_allowlist: false, allow_js_eval: true,
  rate_limit_apm: 0, token_ttl_s: 0, navigation_timeout_ms: 30_000, hitl_transaction_threshold_cents: null,
  stealth_mode: false, allow_downloads: true, allow_file_upload: true, max_tabs: 8,
};

/** What PATCH may change on a live session; the rest shape the context when it is made. */
export const LIVE_POLICIES = new Set<keyof Policies>([
  'domain_allowlist', 'allowed_urls', 'block_subresources_outside_allowlist', 'allow_js_eval', 'rate_limit_apm',
  'navigation_timeout_ms', 'hitl_transaction_threshold_cents', 'allow_downloads', 'allow_file_upload', 'max_tabs',
]);

export function withDefaults(input: PolicyInput | undefined, base: Policies = DEFAULT_POLICIES): Policies {
  const out = { ...base };
  for (const [key, value] of Object.entries(input ?? {})) (out as Record<string, unknown>)[key] = value === undefined ? (base as unknown as Record<string, unknown>)[key] : value;
  return out;
}

/** `*.example.com` matches sub-domains and the bare domain; `example.com` only itself; `*` all. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.trim().toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
  if (p === '*') return true;
  if (p.startsWith('*.')) { const bare = p.slice(2); return h === bare || h.endsWith(`.${bare}`); }
  return h === p.replace(/^\[|\]$/g, '');
}

/** Full-URL wildcards (Smooth's form): `*` matches any run of characters, the rest literally. */
export function urlMatches(pattern: string, url: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(url);
}

/**
 * Why a URL is outside the session's lists, or null when it may load. Only http(s) is checked:
 * about:blank, data: and blob: documents carry no host of their own (a data: URL navigation from a
 * page is blocked by Chromium itself).
 */
export function outsideAllowlist(policies: Policies, raw: string): string | null {
  if (!policies.domain_allowlist && !policies.allowed_urls) return null;
  let url: URL;
  try { url = new URL(raw); } catch { return 'not a valid URL'; }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (policies.domain_allowlist && !policies.domain_allowlist.some((p) => hostMatches(p, url.hostname))) {
    return `${url.hostname} is not in the session's domain_allowlist`;
  }
  if (policies.allowed_urls && !policies.allowed_urls.some((p) => urlMatches(p, url.href))) {
    return `${url.href.slice(0, 200)} matches none of the session's allowed_urls`;
  }
  return null;
}
