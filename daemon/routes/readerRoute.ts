// The page's readable article (Firefox Reader View's @mozilla/readability), taken from the rendered
// DOM in the browser — after scripts ran, as the user sees it — not from a refetch of the HTML.
// Readability runs in abpd's isolated world (the page's DOM, none of its globals or prototypes, so a
// page cannot tamper with it) on a clone of the document, so the live page is left untouched.
// Callers (the Tabstack surface's /extract/markdown) turn the article HTML into what they need.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { evaluateInWorld } from '../../cdp/isolatedWorld.ts';
import type { RouteDef } from './types.ts';

const readerBody = z.object({ char_threshold: z.number().int().min(0).max(100_000).optional() }).loose();

// Read once: the library's own file, evaluated in the page as a function body (its trailing
// `module.exports` assignment is skipped there because `module` is undefined).
let librarySource: string | null = null;
function library(): string {
  librarySource ??= readFileSync(createRequire(import.meta.url).resolve('@mozilla/readability/Readability.js'), 'utf8');
  return librarySource;
}

function pageExpression(charThreshold: number): string {
  return `(() => {
    const Readability = (function () { var module; ${library()}\n; return Readability; })();
    const meta = (names) => { for (const n of names) { const el = document.querySelector('meta[name="' + n + '"], meta[property="' + n + '"]'); if (el && el.content) return el.content; } return null; };
    let article = null;
    try { article = new Readability(document.cloneNode(true), { charThreshold: ${charThreshold} }).parse(); } catch (e) { article = null; }
    return {
      url: location.href, title: document.title,
      // No article found (a form, a list page): the whole body, so the caller still gets the text.
      content: article && article.content ? article.content : (document.body ? document.body.innerHTML : ''),
      readable: !!(article && article.content),
      article_title: article ? article.title : null, byline: article ? article.byline : null,
      excerpt: article ? article.excerpt : null, site_name: article ? article.siteName : null, lang: article ? article.lang : null,
      published_time: article ? article.publishedTime : null,
      description: meta(['description', 'og:description']), image: meta(['og:image']), keywords: meta(['keywords']),
      author: meta(['author']), type: meta(['og:type']),
    };
  })()`;
}

export const readerRoutes: RouteDef[] = [
  {
    name: 'readable', method: 'POST', path: '/tabs/:id/readable', kind: 'query', body: readerBody,
    summary: 'The rendered page\'s main content as HTML (Readability on a copy of the DOM; the whole body when no article is found), with title and metadata.',
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      host.assertNoDialog(tab);
      try {
        return { json: await evaluateInWorld(tab.page.session, tab.page.mainFrameId, pageExpression(req.body.char_threshold ?? 200), 15_000) };
      } catch (err) {
        if (!(err instanceof Error) || err.name !== 'Error') throw err; // CDP timeouts and closed targets: the app's mapping
        return { status: 409, json: { error: `The page could not be read: ${err.message.split('\n')[0]}. Retry after it has loaded.`, code: 'PAGE_NOT_READABLE' } };
      }
    },
  },
];
