// Debian's Chromium through playwright-core (no downloaded browsers).
import { chromium } from 'playwright-core';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

// A page that records console errors and every request, to check that nothing
// leaves the origin.
// `bypassCSP` lets a test inject a checker (axe-core) that the page's own policy
// would rightly refuse.
export async function openPage(browser, url, viewport = { width: 1400, height: 1000 }, bypassCSP = false) {
  const context = await browser.newContext({ viewport, bypassCSP });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('request', r => requests.push(r.url()));
  await page.goto(url);
  await page.waitForSelector('#apply');
  return { page, context, errors, requests };
}
