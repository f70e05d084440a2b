// Request-body parsing for the fixture server's /echo route: urlencoded and multipart forms, raw text otherwise.
import type { IncomingMessage } from 'node:http';

export interface EchoFile {
  field: string;
  filename: string;
  type: string;
  size: number;
}

export interface ParsedBody {
  /** The body as text (latin1 for multipart so byte offsets survive), capped at 64 KiB. */
  raw: string;
  fields: [string, string][];
  files: EchoFile[];
}

const maxBodyBytes = 8 * 1024 * 1024;
const maxRawShown = 64 * 1024;

export async function parseRequestBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total <= maxBodyBytes) chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const raw = body.toString('utf8');
    return { raw: raw.slice(0, maxRawShown), fields: [...new URLSearchParams(raw).entries()], files: [] };
  }
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary !== undefined) return parseMultipart(body, boundary);
  return { raw: body.toString('utf8').slice(0, maxRawShown), fields: [], files: [] };
}

function parseMultipart(body: Buffer, boundary: string): ParsedBody {
  const text = body.toString('latin1');
  const fields: [string, string][] = [];
  const files: EchoFile[] = [];
  for (const part of text.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    const field = /name="([^"]*)"/i.exec(headers)?.[1];
    if (field === undefined) continue;
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (filename === undefined) {
      fields.push([field, Buffer.from(content, 'latin1').toString('utf8')]);
    } else {
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
      files.push({ field, filename: Buffer.from(filename, 'latin1').toString('utf8'), type, size: content.length });
      fields.push([field, Buffer.from(filename, 'latin1').toString('utf8')]);
    }
  }
  return { raw: text.slice(0, maxRawShown), fields, files };
}
