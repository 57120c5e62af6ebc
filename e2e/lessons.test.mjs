// Lessons, share links and embedding, against the built dist/ in Debian's Chromium.
// Run: node --test e2e/  (./dev test builds dist/ first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { serve } from './server.mjs';
import { launch, openPage } from './browser.mjs';

const require = createRequire(import.meta.url);
let server, browser;
before(async () => {
  server = await serve(new URL('../dist', import.meta.url).pathname);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

function assertLocal(requests) {
  const foreign = requests.filter(u => !u.startsWith(server.origin) && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request leaves the origin');
}

async function startLesson(page, id) {
  await page.selectOption('#lesson-select', id);
  await page.click('#start-lesson');
  await page.waitForSelector('#lesson');
  await page.selectOption('#speed', '20');
}

for (const [id, steps] of [['tour-recreate', 8], ['tour-rolling', 11]]) {
  test(`the ${id} guided tour can be finished by clicking`, async () => {
    const { page, context, errors, requests } = await openPage(browser, server.url);
    await startLesson(page, id);
    for (let i = 1; i <= steps; i++) {
      assert.match(await page.locator('#tour-step h3').innerText(), new RegExp(`^Step ${i} of ${steps}:`));
      await page.click('#tour-run');
      await page.waitForSelector('#tour-next:not([disabled])', { timeout: 60000 });
      await page.click('#tour-next');
    }
    await page.waitForSelector('#tour-done');
    assert.deepEqual(errors, []);
    assertLocal(requests);
    await context.close();
  });
}

test('the failed-health-check scenario is solved with an undo', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await startLesson(page, 'failed-health-check');
  // The rollout stalls: new pods never become ready, then the deadline passes.
  await page.waitForFunction(() => /ProgressDeadlineExceeded/.test(document.querySelector('.conditions')?.textContent || ''), null, { timeout: 60000 });
  assert.match(await page.locator('#goal').innerText(), /^Not yet/);
  await page.click('#undo');
  await page.waitForFunction(() => /Goal met/.test(document.querySelector('#goal')?.textContent || ''), null, { timeout: 60000 });
  assert.match(await page.locator('.console').innerText(), /\$ kubectl rollout undo deployment\/shop\ndeployment.apps\/shop rolled back/);
  assert.match(await page.locator('#traffic-totals').innerText(), /Since the fault: \d+ requests, \d+ failed, 0 s of downtime/);
  assert.deepEqual(errors, []);
  await context.close();
});

/// Applies the RollingUpdate tutorial at `speed`, waits for its 10 pods, and
/// starts the update to httpd.
async function rollOutHttpd(page, speed) {
  await page.getByRole('button', { name: 'RollingUpdate (tutorial)' }).click();
  await page.click('#apply');
  await page.selectOption('#speed', speed);
  await page.waitForFunction(() => document.querySelectorAll('.lane.new .pod.available').length === 10, null, { timeout: 60000 });
  await page.fill('#image', 'httpd');
  await page.click('#update-image');
}

/// What identifies the cluster on screen: every pod tile's name and state, and
/// every ReplicaSet lane's counts.
async function clusterOnScreen(page) {
  return page.evaluate(() => ({
    time: document.querySelector('.clock .time').textContent,
    pods: [...document.querySelectorAll('.pod')].map(p => `${p.title} ${p.className}`).sort(),
    lanes: [...document.querySelectorAll('.lane-head')].map(l => l.textContent).sort(),
  }));
}

test('a share link opened in a fresh browser shows the identical state', async () => {
  const { page, context } = await openPage(browser, server.url);
  await rollOutHttpd(page, '10');
  // Mid-rollout: the new ReplicaSet has pods and the old one still serves.
  await page.waitForFunction(() => document.querySelectorAll('.lane.new .pod').length > 0 && document.querySelectorAll('.lane.old .pod.available').length > 0);
  await page.click('#play'); // pause mid-rollout, then share
  const before = await clusterOnScreen(page);
  assert.ok(before.pods.length >= 10, 'mid-rollout pods on screen');
  await page.click('#copy-link');
  await page.waitForSelector('#notice');
  const url = page.url();
  assert.match(url, /#s=[A-Za-z0-9_-]+$/);
  await context.close();

  const fresh = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const other = await fresh.newPage();
  const errors = [];
  other.on('pageerror', e => errors.push(String(e)));
  other.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  await other.goto(url);
  await other.waitForSelector('.lane');
  assert.deepEqual(await clusterOnScreen(other), before);
  assert.deepEqual(errors, []);
  await fresh.close();
});

test('a corrupted share link shows a message and loads the default', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}#s=cm9sbG91dC1wbGF5Z3JvdW5kIDEKc2VlZCB4`);
  assert.match(await page.locator('#notice').innerText(), /This share link is damaged or not from Rollout Playground/);
  assert.equal(await page.locator('.lane').count(), 0, 'the default, empty playground');
  await page.click('#apply');
  await page.waitForSelector('.lane');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the embed example page runs two playgrounds with no errors and no foreign request', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  context.on('request', r => requests.push(r.url()));
  await page.goto(`${server.url}embed-example.html`);
  for (const [frame, name] of [['#recreate', 'rcdeployment'], ['#rolling', 'rolldeployment']]) {
    const f = page.frameLocator(frame);
    await f.locator('.deployment').first().waitFor({ timeout: 30000 });
    assert.match(await f.locator('.deployment').first().innerText(), new RegExp(name));
    assert.equal(await f.locator('#console-input').count(), 0, 'only the panels asked for: no console');
    await f.locator('#traffic').waitFor({ timeout: 30000 });
    // The controls work inside the frame: an update rolls out there.
    await f.locator('.lane.new .pod.available').first().waitFor({ timeout: 30000 });
    await f.locator('#image').fill('httpd');
    await f.locator('#update-image').click();
    await f.locator('.lane.new .image', { hasText: /^httpd$/ }).waitFor({ timeout: 30000 });
  }
  assert.deepEqual(errors, []);
  assertLocal(requests);
  await context.close();
});

test('lessons, traffic and presenter mode pass axe-core in both themes', async () => {
  const { page, context, errors } = await openPage(browser, server.url, undefined, true);
  await startLesson(page, 'canary');
  await page.waitForSelector('#traffic');
  await page.click('#presenter');
  await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map(v => `${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target}`), [], `${scheme} theme`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the timeline travels back to an earlier moment and forward again to the same state', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await rollOutHttpd(page, '20');
  await page.waitForFunction(() => document.querySelectorAll('.lane.new .pod').length > 0);
  await page.click('#play');
  const end = await clusterOnScreen(page);
  const max = await page.getAttribute('#timeline', 'max');
  await page.fill('#timeline', '1000');
  await page.waitForFunction(() => document.querySelector('.clock .time').textContent === '1.0s');
  assert.equal(await page.locator('.lane').count(), 1, 'one ReplicaSet a second after the apply');
  assert.equal(await page.locator('.pod.available').count(), 0, 'nothing available yet');
  await page.fill('#timeline', max);
  assert.deepEqual(await clusterOnScreen(page), end);
  assert.deepEqual(errors, []);
  await context.close();
});

test('time travel keeps the future for reading commands, and Restore brings back a replaced one', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await rollOutHttpd(page, '20');
  await page.waitForFunction(() => /successfully rolled out/.test(document.querySelector('.status-line')?.textContent || ''), null, { timeout: 60000 });
  await page.click('#play');
  const end = await clusterOnScreen(page);
  const max = await page.getAttribute('#timeline', 'max');
  const future = () => page.locator('.timeline .mark.future').count();
  await page.fill('#timeline', '1000');
  await page.waitForFunction(() => document.querySelector('.clock .time').textContent === '1.0s');
  assert.equal(await future(), 1, 'the image update is ahead');
  for (const line of ['kubectl get rs', 'kubectl describe deployment rolldeployment']) {
    await page.fill('#console-input', line);
    await page.press('#console-input', 'Enter');
    await page.waitForFunction(l => document.querySelector('.console').textContent.includes('$ ' + l), line);
  }
  assert.equal(await future(), 1, 'reading commands kept the future');
  assert.equal(await page.locator('#replaced').count(), 0);
  await page.fill('#timeline', max);
  assert.deepEqual((await clusterOnScreen(page)).lanes, end.lanes, 'the future played out as before');
  // A changing command in the past replaces the future, and says so.
  await page.fill('#timeline', '1000');
  await page.waitForFunction(() => document.querySelector('.clock .time').textContent === '1.0s');
  await page.fill('#console-input', 'kubectl scale deployment/rolldeployment --replicas=4');
  await page.press('#console-input', 'Enter');
  await page.waitForSelector('#replaced');
  assert.match(await page.locator('#replaced').innerText(), /replaced 1 later command/);
  assert.equal(await future(), 0);
  await page.click('#restore-replaced');
  await page.waitForFunction(() => !document.querySelector('#replaced'));
  assert.equal(await future(), 1, 'the old future is back');
  await page.fill('#timeline', max);
  assert.deepEqual((await clusterOnScreen(page)).lanes, end.lanes);
  assert.deepEqual(errors, []);
  await context.close();
});
