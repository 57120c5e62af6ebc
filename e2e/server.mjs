// A static server for dist/ on 127.0.0.1 (an ephemeral port), mounted under a
// sub-path so the journeys also prove the build works from any sub-path.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

export async function serve(dist, prefix = '/sub/path/', headers = {}) {
  const root = path.resolve(dist);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let rel = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : null;
    if (url.pathname === '/' ) { res.writeHead(302, { location: prefix }); res.end(); return; }
    if (rel === null) { res.writeHead(404); res.end('not found'); return; }
    if (rel === '' ) rel = 'index.html';
    const file = path.resolve(root, decodeURIComponent(rel));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', ...(path.extname(file) === '.html' ? headers : {}) });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, origin: `http://127.0.0.1:${port}`, close: () => new Promise(r => server.close(r)) };
}
