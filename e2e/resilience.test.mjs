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

// A crash anywhere in the wasm (a panic, a bare trap) shows the guard's error box;
// "Reload this session" brings back the commands that ran and what was typed.
for (const [kind, what] of [[0, 'a panic'], [1, 'a bare wasm trap']]) {
  test(`after ${what}, the error box reloads the session with nothing lost`, async () => {
    const { page, context } = await openPage(browser, server.url);
    await page.fill('#console-input', 'kubectl create deployment web --image=nginx --replicas=2');
    await page.press('#console-input', 'Enter');
    await page.fill('#console-input', 'kubectl scale deployment web --replicas=4');
    await page.press('#console-input', 'Enter');
    await page.waitForFunction(() => document.querySelector('.console').textContent.includes('deployment.apps/web scaled'), null, { polling: 100 });
    await page.fill('#yaml', 'apiVersion: apps/v1\nkind: Deployment\n# half written, not applied\n');
    await page.fill('#console-input', 'kubectl get pods -o wi');
    await page.evaluate(k => setTimeout(() => window.wasmBindings.debug_trap(k)), kind);
    await page.waitForSelector('#fatal');
    assert.match(await page.textContent('#fatal'), /internal error/);
    if (kind === 0) assert.match(await page.textContent('#fatal'), /debug_trap was called/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'reload-session');
    await Promise.all([page.waitForEvent('load'), page.click('#reload-session')]);
    await page.waitForFunction(() => document.querySelector('#console-input')?.value === 'kubectl get pods -o wi', null, { polling: 100 });
    assert.equal(await page.locator('#fatal').count(), 0);
    const console = await page.textContent('.console');
    assert.match(console, /deployment\.apps\/web created/);
    assert.match(console, /deployment\.apps\/web scaled/);
    assert.equal(await page.inputValue('#yaml'), 'apiVersion: apps/v1\nkind: Deployment\n# half written, not applied\n');
    // The session works again: commands run against the restored cluster.
    await page.press('#console-input', 'Backspace');
    await page.press('#console-input', 'Backspace');
    await page.press('#console-input', 'Backspace');
    await page.fill('#console-input', 'kubectl get deploy web');
    await page.press('#console-input', 'Enter');
    await page.waitForFunction(() => /web\s+\d\/4/.test(document.querySelector('.console').textContent), null, { polling: 100 });
    await context.close();
  });
}
