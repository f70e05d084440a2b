// The HAR 1.2 spec's required fields and types (softwareishard.com/blog/har-12-spec), as JSON Schema
// for ajv: what a HAR reader (DevTools' Network panel import, har-validator) insists on.
const nameValue = { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: { type: 'string' } } };
const list = { type: 'array', items: nameValue };
const int = { type: 'integer' };

export const harSchema = {
  type: 'object', required: ['log'],
  properties: {
    log: {
      type: 'object', required: ['version', 'creator', 'entries'],
      properties: {
        version: { const: '1.2' },
        creator: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
        pages: { type: 'array', items: { type: 'object', required: ['startedDateTime', 'id', 'title', 'pageTimings'],
          properties: { startedDateTime: { type: 'string', format: 'date-time' }, id: { type: 'string' }, title: { type: 'string' }, pageTimings: { type: 'object' } } } },
        entries: {
          type: 'array',
          items: {
            type: 'object', required: ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'],
            properties: {
              pageref: { type: 'string' },
              startedDateTime: { type: 'string', format: 'date-time' },
              time: { type: 'number', minimum: 0 },
              request: {
                type: 'object', required: ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize'],
                properties: { method: { type: 'string' }, url: { type: 'string', format: 'uri' }, httpVersion: { type: 'string' },
                  cookies: list, headers: list, queryString: list, headersSize: int, bodySize: int },
              },
              response: {
                type: 'object', required: ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize'],
                properties: { status: int, statusText: { type: 'string' }, httpVersion: { type: 'string' }, cookies: list, headers: list,
                  content: { type: 'object', required: ['size', 'mimeType'], properties: { size: int, mimeType: { type: 'string' }, text: { type: 'string' }, encoding: { type: 'string' } } },
                  redirectURL: { type: 'string' }, headersSize: int, bodySize: int },
              },
              cache: { type: 'object' },
              timings: {
                type: 'object', required: ['send', 'wait', 'receive'],
                properties: { blocked: { type: 'number', minimum: -1 }, dns: { type: 'number', minimum: -1 }, connect: { type: 'number', minimum: -1 },
                  ssl: { type: 'number', minimum: -1 }, send: { type: 'number', minimum: 0 }, wait: { type: 'number', minimum: 0 }, receive: { type: 'number', minimum: 0 } },
              },
              serverIPAddress: { type: 'string' },
            },
          },
        },
      },
    },
  },
} as const;
