// Gives a built index.html (./dev build runs it after trunk) a strict
// Content-Security-Policy that needs no exception: each inline script (Trunk's
// loader, the crash guard) moves to a file of its own, named by its content's hash,
// so `script-src 'self' 'wasm-unsafe-eval'` boots the page, whether the policy
// comes from this <meta> or from the host's header. Nothing loads from elsewhere.
// Usage: node tools/csp.mjs dist/index.html
//
// It also minifies the JavaScript (terser, from e2e/'s npm tools): wasm-bindgen's
// loader is written for reading, and minified it is about 3 KiB lighter on the
// wire; and it shortens the names the wasm imports from it (short-imports.mjs,
// about 5 KB). Trunk's integrity hashes for both files are renewed to match.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

import { shortenImports } from './short-imports.mjs';

const { minify } = await import(new URL('../e2e/node_modules/terser/main.js', import.meta.url));
const file = process.argv[2];
const dir = path.dirname(file);
let html = fs.readFileSync(file, 'utf8');
for (const js of fs.readdirSync(dir).filter(f => /^playground-[0-9a-f]+\.js$/.test(f))) {
  const full = path.join(dir, js);
  const out = await minify(fs.readFileSync(full, 'utf8'), { module: true, ecma: 2020, compress: { passes: 3 }, mangle: true });
  const wasmName = js.replace(/\.js$/, '_bg.wasm');
  const short = shortenImports(out.code, fs.readFileSync(path.join(dir, wasmName)));
  fs.writeFileSync(full, short.js);
  fs.writeFileSync(path.join(dir, wasmName), short.wasm);
  html = withIntegrity(html, js, short.js);
  html = withIntegrity(html, wasmName, short.wasm);
}
// Trunk's integrity hash on the <link> that loads `name`, renewed for `body`.
function withIntegrity(html, name, body) {
  const sri = 'sha384-' + crypto.createHash('sha384').update(body).digest('base64');
  return html.replace(/<link[^>]*>/g, tag => (tag.includes(name) ? tag.replace(/integrity=("[^"]*"|[^ >]+)/, `integrity=${sri}`) : tag));
}
html = html.replace(/<meta http-equiv="?Content-Security-Policy"?[^>]*>/i, '');
let moved = 0;
const pending = [];
html = html.replace(/<script((?:(?!\bsrc=)[^>])*)>([\s\S]*?)<\/script>/gi, (whole, attrs, body) => {
  if (!body.trim()) return whole;
  const name = `script-${crypto.createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
  fs.writeFileSync(path.join(dir, name), body);
  pending.push(name);
  moved++;
  return `<script${attrs} src="./${name}"></script>`;
});
const policy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  // yew writes style attributes (pod positions, chart geometry); CSS is inlined.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
// First in the document, right after the charset (the minified page has no <head> tag).
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
html = /<meta charset[^>]*>/i.test(html)
  ? html.replace(/<meta charset[^>]*>/i, m => m + meta)
  : html.replace(/<html[^>]*>/i, m => m + meta);
for (const name of pending) {
  const full = path.join(dir, name);
  fs.writeFileSync(full, (await minify(fs.readFileSync(full, 'utf8'), { module: true })).code);
}
fs.writeFileSync(file, html);
console.log(`${file}: ${moved} inline script(s) moved to files; Content-Security-Policy: ${policy}`);
