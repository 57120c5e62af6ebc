// The frame loop sleeps: no animation frames while the clock is paused, a few a
// second while it plays with nothing due, none while an embed is out of view (and
// the clock resumes where it was, not where it would have been).
// Run: node --test e2e/  (./dev test builds dist/ first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './server.mjs';
import { launch, openPage } from './browser.mjs';

let server, browser;
before(async () => {
  server = await serve(new URL('../dist', import.meta.url).pathname);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

// Counts requestAnimationFrame calls in every frame of the page (iframes too).
function countFrames() {
  window.__frames = 0;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = f => { window.__frames++; return raf(f); };
}

// Simulated seconds on the page's clock.
const clockSeconds = frame => frame.evaluate(() => {
  const [, h, m, s] = document.querySelector('.clock .time').textContent.match(/^(?:(\d+)h)?(?:(\d+)m)?([\d.]+)s$/);
  return (+h || 0) * 3600 + (+m || 0) * 60 + +s;
});

async function framesDuring(frame, ms) {
  await frame.evaluate(() => { window.__frames = 0; });
  await new Promise(r => setTimeout(r, ms));
  return frame.evaluate(() => window.__frames);
}

test('paused, the page requests no animation frame; playing with nothing due, a few a second', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(countFrames);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('#console-input');
  // A cluster with work done: pods start, then everything is steady.
  await page.fill('#console-input', 'kubectl create deployment web --image=nginx --replicas=3');
  await page.press('#console-input', 'Enter');
  await page.fill('#console-input', 'sleep 60s');
  await page.press('#console-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('.console').textContent.includes('$ sleep 60s'), null, { polling: 100 });
  await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  await page.waitForTimeout(500); // a canvas fade in flight may finish
  const paused = await framesDuring(page, 3000);
  assert.equal(paused, 0, `paused: ${paused} animation frames in 3 s`);
  await page.click('#play');
  const before = await clockSeconds(page);
  const playing = await framesDuring(page, 3000);
  const after = await clockSeconds(page);
  assert.ok(playing > 0 && playing <= 3 * 15, `playing with nothing due: ${playing} animation frames in 3 s (at most 15 a second)`);
  assert.ok(after - before > 2.5, `the clock still runs at speed 1 (${before} s to ${after} s in 3 s)`);
  await context.close();
});

test('an embed out of view requests no frames and resumes where it was', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  await context.addInitScript(countFrames);
  const page = await context.newPage();
  const host = `${server.url}host-under-test.html`;
  await page.route(host, route => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><h1>A blog post</h1><iframe id="embed" src="./?embed=1&preset=rolling" width="900" height="600"></iframe><div style="height:6000px"></div><p id="end">end</p>`,
  }));
  await page.goto(host);
  const frame = page.frameLocator('#embed');
  await frame.locator('.clock .time').waitFor();
  const embed = page.frames().find(f => f.url().includes('embed=1'));
  await embed.waitForFunction(() => document.querySelectorAll('.lane').length > 0, null, { polling: 100 });
  assert.ok(await framesDuring(embed, 1000) > 0, 'in view and playing, the embed animates');
  await page.evaluate(() => document.getElementById('end').scrollIntoView());
  await page.waitForTimeout(300);
  const away = await clockSeconds(embed);
  const hidden = await framesDuring(embed, 3000);
  assert.equal(hidden, 0, `out of view: ${hidden} animation frames in 3 s`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await embed.waitForFunction(t => {
    const [, m, s] = document.querySelector('.clock .time').textContent.match(/^(?:(\d+)m)?([\d.]+)s$/) || [];
    return (+m || 0) * 60 + +s > t;
  }, away, { polling: 100 });
  const back = await clockSeconds(embed);
  assert.ok(back - away < 1.5, `the clock resumes where it was (${away} s when scrolled away, ${back} s back in view after 3 s away)`);
  await context.close();
});
