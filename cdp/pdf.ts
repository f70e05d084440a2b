// Page.printToPDF with the options people ask for (issue 24 "PDF"): paper size, margins, background,
// page ranges, orientation, scale. Sizes in inches, as the protocol takes them.
import type { CdpSession } from './connection.ts';

/** Paper sizes in inches (width × height, portrait). */
export const PAPER: Record<string, [number, number]> = {
  letter: [8.5, 11], legal: [8.5, 14], tabloid: [11, 17], a3: [11.69, 16.54], a4: [8.27, 11.69], a5: [5.83, 8.27],
};

export interface PdfOptions {
  paper?: string;
  width_in?: number;
  height_in?: number;
  landscape?: boolean;
  /** One number for all four sides, or per side (inches). */
  margin_in?: number | { top?: number; right?: number; bottom?: number; left?: number };
  background?: boolean;
  /** e.g. "1-3, 5"; Chromium answers an error for a range past the last page. */
  page_ranges?: string;
  scale?: number;
  prefer_css_page_size?: boolean;
}

/** The PDF bytes. Printing lays the page out for print media; it needs no frame, so a paused page prints. */
export async function printPdf(session: CdpSession, o: PdfOptions, timeoutMs: number): Promise<Buffer> {
  const [width, height] = o.paper ? PAPER[o.paper]! : [o.width_in ?? 8.5, o.height_in ?? 11];
  const m = typeof o.margin_in === 'number' ? { top: o.margin_in, right: o.margin_in, bottom: o.margin_in, left: o.margin_in } : o.margin_in ?? {};
  const r = await session.send('Page.printToPDF', {
    paperWidth: width, paperHeight: height, landscape: o.landscape ?? false,
    marginTop: m.top ?? 0.4, marginRight: m.right ?? 0.4, marginBottom: m.bottom ?? 0.4, marginLeft: m.left ?? 0.4,
    printBackground: o.background ?? false, pageRanges: o.page_ranges ?? '', scale: o.scale ?? 1,
    preferCSSPageSize: o.prefer_css_page_size ?? false, transferMode: 'ReturnAsBase64',
  }, { timeoutMs });
  return Buffer.from(r.data, 'base64');
}
