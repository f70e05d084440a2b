// Values the model must never see (agent.md §4): `data`/`metadata`, `secrets` and what a person
// typed in interactive mode. The model sees keys, types and lengths and writes `{{data.key}}` /
// `{{secret.key}}`; the daemon substitutes at dispatch and scrubs every text bound for the model.

export interface SecretEntry { value: string; allowedUrls?: string[] }

const PLACEHOLDER = /\{\{\s*(data|secret)\.([A-Za-z0-9_.-]+)\s*\}\}/g;
/** Shorter values are too common to scrub without mangling page text ("1", "no"). */
const MIN_SCRUB_LENGTH = 3;

export class ProtectedValues {
  #data = new Map<string, string>();
  #secrets = new Map<string, SecretEntry>();
  /** value → what the model sees instead (placeholder, or ••• for interactive input). */
  #scrub = new Map<string, string>();

  constructor(data: Record<string, unknown> = {}, secrets: Record<string, string | SecretEntry> = {}) {
    for (const [key, value] of flatten(data)) this.#data.set(key, value);
    for (const [key, entry] of Object.entries(secrets)) this.#secrets.set(key, typeof entry === 'string' ? { value: entry } : entry);
    for (const [key, value] of this.#data) this.#addScrub(value, `{{data.${key}}}`);
    for (const [key, entry] of this.#secrets) this.#addScrub(entry.value, '•••');
  }

  /** The prompt's view of the data: keys with types and lengths, never values. */
  describe(): string {
    const lines = [...this.#data].map(([k, v]) => `{{data.${k}}}: ${typeOf(v)}, ${v.length} chars`);
    for (const [k, e] of this.#secrets) lines.push(`{{secret.${k}}}: secret, ${e.value.length} chars${e.allowedUrls?.length ? `, only on ${e.allowedUrls.join(' ')}` : ''}`);
    return lines.join('\n');
  }

  get empty(): boolean { return this.#data.size === 0 && this.#secrets.size === 0; }
  keys(): string[] { return [...this.#data.keys()]; }

  /** Fills placeholders for dispatch. A secret off its allowed URLs, or an unknown key, is an error the model reads. */
  substitute(text: string, url: string): { value: string; error?: string } {
    let error: string | undefined;
    const value = text.replace(PLACEHOLDER, (whole, kind: string, key: string) => {
      if (kind === 'data') {
        const v = this.#data.get(key);
        if (v === undefined) { error ??= `unknown placeholder ${whole}; known: ${this.keys().map((k) => `{{data.${k}}}`).join(', ') || 'none'}`; return whole; }
        return v;
      }
      const entry = this.#secrets.get(key);
      if (!entry) { error ??= `unknown secret ${whole}`; return whole; }
      if (entry.allowedUrls?.length && !entry.allowedUrls.some((p) => urlMatches(p, url))) {
        error ??= `secret ${whole} may only be used on ${entry.allowedUrls.join(', ')} (this page is ${url})`;
        return whole;
      }
      return entry.value;
    });
    return error ? { value: text, error } : { value };
  }

  /** A value a person gave in interactive mode: filled by the daemon, shown to the model as •••. */
  addInteractive(value: string): void { this.#addScrub(value, '•••'); }

  /** Replaces every exact occurrence of a protected value in text bound for the model. */
  scrub(text: string): string {
    let out = text;
    // Longest first, so a value that contains another is replaced whole.
    for (const [value, shown] of [...this.#scrub].sort((a, b) => b[0].length - a[0].length)) out = out.split(value).join(shown);
    return out;
  }

  #addScrub(value: string, shown: string): void {
    if (value.length < MIN_SCRUB_LENGTH) return;
    // The page echoes what was typed in other spellings too: a GET form puts it in the next URL
    // (percent-encoded, spaces as + or %20), a script may show it JSON- or HTML-escaped.
    for (const form of spellings(value)) this.#scrub.set(form, shown);
  }
}

/** The value as typed and as URLs, form posts, JSON and HTML spell it. */
function spellings(value: string): Set<string> {
  const percent = encodeURIComponent(value);
  const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return new Set([value, percent, percent.replace(/%20/g, '+'), encodeURI(value), JSON.stringify(value).slice(1, -1), html]);
}

function flatten(value: Record<string, unknown>, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v as Record<string, unknown>, key));
    else if (v !== null && v !== undefined) out.push([key, Array.isArray(v) ? v.join(', ') : String(v)]);
  }
  return out;
}

function typeOf(v: string): string {
  if (/^[^@\s]+@[^@\s]+$/.test(v)) return 'email';
  if (/^\+?[\d\s().-]{6,}$/.test(v)) return 'phone/number';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'date';
  return 'text';
}

/** Smooth's `allowed_urls` wildcards: `*` matches any run of characters. */
export function urlMatches(pattern: string, url: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(url) || re.test(url.replace(/\/$/, ''));
}
