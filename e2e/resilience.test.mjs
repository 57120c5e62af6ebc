// The page boots under a strict Content-Security-Policy: its own, and the one the
// README tells hosts to send.
// Run: node --test e2e/  (./dev test builds dist/ first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './server.mjs';
import { launch, openPage } from './browser.mjs';

// What the README tells embedders and hosts to send.
const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'";

let server, strict, browser;
before(async () => {
  const dist = new URL('../dist', import.meta.url).pathname;
  server = await serve(dist);
  strict = await serve(dist, '/sub/path/', { 'content-security-policy': STRICT });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); await strict?.close(); });

test('the page boots under its own Content-Security-Policy and under a strict header', async () => {
  for (const s of [server, strict]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = [];
    const errors = [];
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', e => errors.push(String(e)));
    await page.goto(s.url);
    const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(meta, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.doesNotMatch(meta, /'unsafe-eval'/);
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
    await page.waitForSelector('#console-input');
    await page.fill('#console-input', 'kubectl create deployment web --image=nginx');
    await page.press('#console-input', 'Enter');
    await page.waitForSelector('.lane');
    violations.push(...await page.evaluate(() => window.__violations));
    assert.deepEqual(violations, [], `no CSP violation (${s.url})`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
