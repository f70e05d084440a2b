// The extract endpoints' browser part, all through the daemon's own routes: a sessions.md session of
// its own (so the viewer, history and the session list see the visit), a navigate action that waits
// for the page to settle, the rendered page's readable content (POST /tabs/:id/readable), then the
// session ends. The Markdown is produced here from that HTML (turndown): shape mapping only.
import TurndownService from 'turndown';
import type { DaemonCalls } from '../daemonCalls.ts';
import { TabstackError } from './http.ts';

export interface ReadablePage {
  url: string;
  title: string;
  content: string;
  readable: boolean;
  article_title: string | null;
  byline: string | null;
  excerpt: string | null;
  site_name: string | null;
  lang: string | null;
  published_time: string | null;
  description: string | null;
  image: string | null;
  keywords: string | null;
  author: string | null;
  type: string | null;
}

interface Created { session_id: string; tab_id: string }

/** Opens `url` in a session of its own, reads it, ends the session (also when reading fails). */
export async function readPage(calls: DaemonCalls, url: string): Promise<ReadablePage> {
  const created = await calls.json<Created>('POST', '/sessions', { labels: { compat: 'tabstack' } });
  try {
    const nav = await calls.json<{ result: { error_text?: string; http_status?: number } }>(
      'POST', `/tabs/${encodeURIComponent(created.tab_id)}/navigate`, { url, screenshot: { area: 'none' } });
    if (nav.result.error_text) throw new TabstackError(400, `could not load ${url}: ${nav.result.error_text}`);
    return await calls.json<ReadablePage>('POST', `/tabs/${encodeURIComponent(created.tab_id)}/readable`, {});
  } finally {
    // Best effort: a session that is already gone (browser restart) needs no ending.
    await calls.reply('DELETE', `/sessions/${encodeURIComponent(created.session_id)}`).catch(() => undefined);
  }
}

function turndown(): TurndownService {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
  service.remove(['script', 'style', 'noscript', 'template']);
  return service;
}

/** Readable Markdown opening with the page's title as a `#` heading (compat.md "Tabstack"). */
export function toMarkdown(page: ReadablePage): string {
  const title = (page.article_title || page.title || page.url).trim();
  let body = turndown().turndown(page.content || '').trim();
  // Readability often keeps the article's own <h1>; the title heading is not repeated.
  const firstLine = body.split('\n', 1)[0]!.replace(/^#+\s*/, '').trim();
  if (firstLine === title) body = body.split('\n').slice(1).join('\n').trim();
  return `# ${title}\n\n${body}\n`;
}

/** The SDK's ExtractMarkdownResponse.Metadata fields that a rendered page can give. */
export function metadataOf(page: ReadablePage): Record<string, unknown> {
  const out: Record<string, unknown> = { title: page.article_title || page.title, url: page.url };
  const add = (key: string, value: string | null): void => { if (value) out[key] = value; };
  add('description', page.description ?? page.excerpt);
  add('author', page.author ?? page.byline);
  add('site_name', page.site_name);
  add('image', page.image);
  add('type', page.type);
  add('created_at', page.published_time);
  if (page.keywords) out.keywords = page.keywords.split(',').map((k) => k.trim()).filter(Boolean);
  return out;
}

/** Text the model reads for extract/generate: the Markdown, capped so one call stays in budget. */
export function pageTextForModel(page: ReadablePage, maxChars = 60_000): string {
  const md = toMarkdown(page);
  return md.length > maxChars ? `${md.slice(0, maxChars)}\n[… truncated at ${maxChars} characters]` : md;
}
