// Regenerates docs/screenshot.png (not a test): the RollingUpdate tour mid-rollout.
// Run after ./dev build:  node e2e/screenshot.mjs
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const server = await serve(new URL('../dist', import.meta.url).pathname);
const browser = await launch();
const page = await (await browser.newContext({ viewport: { width: 1500, height: 1250 }, colorScheme: 'light' })).newPage();
await page.goto(server.url);
await page.waitForSelector('#apply');
await page.selectOption('#lesson-select', 'tour-rolling');
await page.click('#start-lesson');
await page.selectOption('#speed', '20');
for (let i = 0; i < 2; i++) {
  await page.click('#tour-run');
  await page.waitForSelector('#tour-next:not([disabled])', { timeout: 60000 });
  await page.click('#tour-next');
}
await page.selectOption('#speed', '1');
await page.click('#tour-run');
await page.waitForFunction(() => document.querySelectorAll('.lane').length >= 2 && document.querySelectorAll('.lane.new .pod.available').length >= 2, null, { timeout: 60000 });
await page.click('#play');
await page.screenshot({ path: new URL('../docs/screenshot.png', import.meta.url).pathname });
await browser.close();
await server.close();
