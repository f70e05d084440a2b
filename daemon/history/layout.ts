// The session directory (history.md): one database, one screenshot pair per action, and the
// downloads/uploads folders other features fill.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface SessionLayout {
  root: string;
  database: string;
  screenshots: string;
  downloads: string;
  uploads: string;
}

export function sessionLayout(sessionDir: string): SessionLayout {
  const root = resolve(sessionDir);
  return {
    root,
    database: join(root, 'history.db'),
    screenshots: join(root, 'screenshots'),
    downloads: join(root, 'downloads'),
    uploads: join(root, 'uploads'),
  };
}

export function createLayout(layout: SessionLayout, withHistory: boolean): void {
  for (const dir of [layout.root, layout.downloads, layout.uploads]) mkdirSync(dir, { recursive: true });
  if (withHistory) mkdirSync(layout.screenshots, { recursive: true });
}

/** ABP's name, `<start_ms>_<tab_id>_before.webp`; the extension is the format the frame really has. */
export function screenshotName(startMs: number, tabId: string, which: 'before' | 'after', format: string, suffix = ''): string {
  const ext = format === 'jpeg' ? 'jpg' : format.replace(/[^a-z0-9]/gi, '') || 'bin';
  return `${startMs}_${tabId.replace(/[^A-Za-z0-9_-]/g, '')}${suffix}_${which}.${ext}`;
}

export const IMAGE_TYPES: Record<string, string> = { webp: 'image/webp', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };
