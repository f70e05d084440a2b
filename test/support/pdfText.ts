// Just enough PDF reading for tests to say "the PDF has the page's text": inflate every Flate
// stream, collect the ToUnicode CMaps (glyph id → text) and decode the hex strings of the content
// streams' Tj/TJ operators with them. Skia (Chromium's PDF writer) writes 2-byte glyph ids.
import { inflateSync } from 'node:zlib';

function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /(?<!end)stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    try { out.push(inflateSync(pdf.subarray(start, end)).toString('latin1')); } catch { /* not Flate */ }
    re.lastIndex = end;
  }
  return out;
}

const hexChars = (hex: string): string => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));

export function pdfText(pdf: Buffer): string {
  const all = streams(pdf);
  const glyphs = new Map<string, string>();
  for (const s of all.filter((x) => x.includes('begincmap'))) {
    for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, g, u] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) glyphs.set(g!.toLowerCase(), hexChars(u!));
    }
    for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, a, b, u] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        const from = parseInt(a!, 16); const to = parseInt(b!, 16); const base = parseInt(u!, 16);
        for (let g = from; g <= to; g++) glyphs.set(g.toString(16).padStart(a!.length, '0'), String.fromCodePoint(base + g - from));
      }
    }
  }
  const words: string[] = [];
  for (const s of all.filter((x) => /T[jJ]/.test(x) && !x.includes('begincmap'))) {
    for (const op of s.matchAll(/(\[[^\]]*\]|<[0-9a-fA-F]*>)\s*T[jJ]/g)) {
      words.push([...op[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map(([, hex]) => (hex!.match(/.{4}/g) ?? []).map((g) => glyphs.get(g.toLowerCase()) ?? '').join('')).join(''));
    }
  }
  // Words are split by positioning operators (Td) in the middle: callers compare without whitespace.
  return words.join('');
}
