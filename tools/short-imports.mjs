// Shortens the names the wasm module imports from its JavaScript glue.
//
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>`: about 140 of
// them, written once in the wasm's import section and once in the glue's import
// object. The hex digits do not compress, so the names cost about 5 KB of the
// page's gzip weight (3.2 KB of wasm, 1.8 KB of JS), measured on the built page.
// Here each becomes a one- or two-letter name, in both files, and the build stops
// if a name is not found exactly once in the glue (a wasm-bindgen upgrade that
// changed the glue's shape must not give a page that fails to instantiate).
//
// It must not change anything else in either file: the wasm's other sections are
// copied byte for byte, and only import-object keys change in the JS.
export function shortenImports(js, wasm) {
  const b = wasm;
  const leb = i => { let r = 0, s = 0, x; do { x = b[i++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return [r, i]; };
  const enc = n => { const o = []; do { let x = n % 128; n = Math.floor(n / 128); if (n) x |= 0x80; o.push(x); } while (n); return Buffer.from(o); };
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const short = i => { let s = ''; do { s = letters[i % 52] + s; i = Math.floor(i / 52); } while (i); return s; };
  if (b.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const names = new Map();
  const out = [b.subarray(0, 8)];
  let i = 8;
  while (i < b.length) {
    const id = b[i];
    const [size, start] = leb(i + 1);
    const end = start + size;
    if (id !== 2) { out.push(b.subarray(i, end)); i = end; continue; }
    let [n, k] = leb(start);
    const parts = [enc(n)];
    for (let e = 0; e < n; e++) {
      const [ml, m0] = leb(k); const module = b.subarray(m0, m0 + ml); k = m0 + ml;
      const [fl, f0] = leb(k); let field = b.subarray(f0, f0 + fl).toString(); k = f0 + fl;
      // The import's description: kind, then a type index (func, tag), a table,
      // a memory or a global type.
      const kind = b[k];
      let d = k + 1;
      if (kind === 0 || kind === 4) d = leb(d)[1];
      else if (kind === 1) { const flags = b[d + 1]; d = leb(d + 2)[1]; if (flags & 1) d = leb(d)[1]; }
      else if (kind === 2) { const flags = b[d]; d = leb(d + 1)[1]; if (flags & 1) d = leb(d)[1]; }
      else if (kind === 3) d += 2;
      else throw new Error(`import kind ${kind} unknown`);
      if (/^__wbg_/.test(field)) {
        if (!names.has(field)) names.set(field, short(names.size));
        field = names.get(field);
      }
      const fb = Buffer.from(field);
      parts.push(enc(module.length), module, enc(fb.length), fb, b.subarray(k, d));
      k = d;
    }
    const body = Buffer.concat(parts);
    out.push(Buffer.from([2]), enc(body.length), body);
    i = end;
  }
  for (const [from, to] of names) {
    const key = new RegExp(`(?<=[{,]\\s*)${from.replace(/\$/g, '\\$')}(?=\\s*:)`, 'g');
    const hits = js.match(key)?.length ?? 0;
    if (hits !== 1) throw new Error(`import ${from}: found ${hits} times in the glue, expected once`);
    js = js.replace(key, to);
  }
  for (const from of names.keys()) {
    if (js.includes(from)) throw new Error(`import ${from} is used in the glue other than as a key`);
  }
  return { js, wasm: Buffer.concat(out), count: names.size };
}
