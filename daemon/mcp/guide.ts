// The abpd://guide resource: a Markdown file beside this module, read once.
import { readFileSync } from 'node:fs';

export const GUIDE_RESOURCE = {
  uri: 'abpd://guide',
  name: 'abpd usage guide',
  description: 'How the browser tools work: the atomic step, coordinates, markup indices, dialogs and pickers, tips.',
  mimeType: 'text/markdown',
};

let guide: string | undefined;
export function readGuide(): string {
  guide ??= readFileSync(new URL('./guide.md', import.meta.url), 'utf8');
  return guide;
}
