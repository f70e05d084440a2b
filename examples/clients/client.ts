const B = `http://127.0.0.1:${process.env.PORT ?? '8222'}/api/v1`;
const SITE = process.env.SITE ?? 'http://127.0.0.1:8000';
const auth: Record<string, string> = process.env.ABPD_TOKEN ? { authorization: `Bearer ${process.env.ABPD_TOKEN}` } : {};
async function call(method: string, path: string, body?: object): Promise<any> {
  const r = await fetch(B + path, { method, headers: { 'content-type': 'application/json', ...auth }, body: body && JSON.stringify(body) });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${json.error}`);
  return json;
}
const quiet = { screenshot: { area: 'none' } }; // no frames in the answers: this client does not look
const { id } = await call('POST', '/tabs', {});
console.log((await call('POST', `/tabs/${id}/navigate`, { url: `${SITE}/pages/form.html`, ...quiet })).result);
await call('POST', `/tabs/${id}/clear-text`, { x: 200, y: 115, ...quiet });
await call('POST', `/tabs/${id}/type`, { text: 'bob', ...quiet });
await call('POST', `/tabs/${id}/keyboard/press`, { key: 'Enter', ...quiet });
console.log((await call('POST', `/tabs/${id}/text`, { selector: '#result' })).text);
await call('DELETE', `/tabs/${id}`);
