// Whole user journeys against the built dist/ in Debian's Chromium.
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
  // DIST= runs the journeys against another build (an older commit's, to see a new journey fail there).
  server = await serve(process.env.DIST || new URL('../dist', import.meta.url).pathname);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const count = (page, sel) => page.locator(sel).count();

// Types a console line, presses Enter, and waits until the console shows `until`.
async function runLine(page, line, until) {
  await page.fill('#console-input', line);
  await page.press('#console-input', 'Enter');
  await page.waitForFunction(u => document.querySelector('.console').textContent.includes(u), until, { polling: 100 });
}

async function applyPreset(page, label) {
  await page.getByRole('button', { name: label }).click();
  await page.click('#apply');
  await page.selectOption('#speed', '20');
}

function assertLocal(requests) {
  const foreign = requests.filter(u => !u.startsWith(server.origin) && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request leaves the origin');
}

test('(a) Recreate tutorial: every old pod is gone before any new pod appears', async () => {
  const { page, context, errors, requests } = await openPage(browser, server.url);
  await applyPreset(page, 'Recreate (tutorial)');
  await page.waitForFunction(() => document.querySelectorAll('.lane.new .pod.available').length === 5);
  // Watch every DOM change from now on: old and new tiles must never coexist.
  await page.evaluate(() => {
    window.__mixed = [];
    window.__sawOld = false;
    const check = () => {
      const oldN = document.querySelectorAll('.lane.old .pod').length;
      const newN = document.querySelectorAll('.lane.new .pod').length;
      if (oldN > 0) window.__sawOld = true;
      if (oldN > 0 && newN > 0 && window.__changed) window.__mixed.push([oldN, newN]);
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.fill('#image', 'httpd');
  await page.evaluate(() => { window.__changed = true; });
  await page.click('#update-image');
  await page.waitForFunction(() => document.querySelectorAll('.lane.new .pod.available').length === 5 && document.querySelectorAll('.lane.old .pod').length === 0);
  assert.equal(await page.evaluate(() => window.__sawOld), true, 'the old pods were seen terminating');
  assert.deepEqual(await page.evaluate(() => window.__mixed), [], 'no moment with old and new pods together');
  const consoleText = await page.locator('.console').innerText();
  assert.match(consoleText, /\$ kubectl set image deployment\/rcdeployment nginx=httpd\ndeployment.apps\/rcdeployment image updated/);
  assert.match(await page.locator('.lane.new .image').innerText(), /^httpd$/);
  assert.deepEqual(errors, []);
  assertLocal(requests);
  await context.close();
});

/// The simulated clock, in seconds (the clock shows `12.3s`, `1m05.2s` or `1h02m03s`).
async function simSeconds(page) {
  return page.evaluate(() => {
    const [, h, m, s] = document.querySelector('.clock .time').textContent.match(/^(?:(\d+)h)?(?:(\d+)m)?([\d.]+)s$/);
    return (+(h || 0)) * 3600 + (+(m || 0)) * 60 + (+s);
  });
}

test('(b) RollingUpdate tutorial: pause freezes at most 12 pods, resume and undo move revisions like kubectl', async () => {
  const { page, context, errors, requests } = await openPage(browser, server.url);
  await applyPreset(page, 'RollingUpdate (tutorial)');
  await page.waitForFunction(() => document.querySelectorAll('.lane.new .pod.available').length === 10);
  await page.selectOption('#speed', '1');
  await page.fill('#image', 'httpd');
  await page.click('#update-image');
  // Mid-rollout: both ReplicaSets hold pods.
  await page.waitForFunction(() => document.querySelectorAll('.lane.new .pod').length > 0 && document.querySelectorAll('.lane.old .pod.available').length > 0);
  await page.click('#pause');
  await page.waitForSelector('.paused-badge');
  const desired = () => page.$$eval('.lane-head .counts', els => els.map(e => e.textContent.split(' · ')[0]));
  const frozen = await desired();
  const pausedAt = await simSeconds(page);
  await page.selectOption('#speed', '20');
  // 30 simulated seconds pass while paused.
  await page.waitForFunction(t => {
    const [, h, m, s] = document.querySelector('.clock .time').textContent.match(/^(?:(\d+)h)?(?:(\d+)m)?([\d.]+)s$/);
    return (+(h || 0)) * 3600 + (+(m || 0)) * 60 + (+s) >= t + 30;
  }, pausedAt);
  assert.deepEqual(await desired(), frozen, 'ReplicaSets frozen while paused');
  const guard = await page.locator('.meter').first().innerText();
  const pods = Number(guard.match(/pods (\d+) of at most 12/)[1]);
  assert.ok(pods <= 12, `at most 12 pods (${guard})`);
  await page.click('#pause'); // Resume rollout
  await page.waitForFunction(() => document.querySelector('.status-line')?.textContent.includes('successfully rolled out'));
  assert.match(await page.locator('.deployment .card').innerText(), /revision 2/);
  await page.click('#undo');
  await page.waitForFunction(() => document.querySelector('.deployment .card')?.textContent.includes('revision 3'));
  const history = await page.locator('.history').innerText();
  assert.match(history, /#3/);
  assert.match(history, /#2/);
  assert.doesNotMatch(history, /#1\b/, 'revision 1 was renumbered to 3, as kubectl shows it');
  const consoleText = await page.locator('.console').innerText();
  for (const cmd of ['kubectl rollout pause deployment/rolldeployment', 'kubectl rollout resume deployment/rolldeployment', 'kubectl rollout undo deployment/rolldeployment']) {
    assert.ok(consoleText.includes('$ ' + cmd), `console echoes ${cmd}`);
  }
  assert.deepEqual(errors, []);
  assertLocal(requests);
  await context.close();
});

test('(c) invalid YAML shows an error at its line and leaves the cluster unchanged', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await applyPreset(page, 'Recreate (tutorial)');
  await page.waitForFunction(() => document.querySelectorAll('.lane.new .pod.available').length === 5);
  await page.click('#play'); // stop the clock so nothing moves
  const before = await page.locator('.stage-panel').innerText();
  const yaml = await page.inputValue('#yaml');
  await page.fill('#yaml', yaml.replace('replicas: 5', 'replicas: -5').replace('    app: recreate\n  strategy', '    app: other\n  strategy'));
  await page.click('#apply');
  const err = await page.locator('.error-box').innerText();
  assert.match(err, /Line \d+/);
  assert.match(err, /The Deployment "rcdeployment" is invalid/);
  assert.match(err, /spec\.replicas: Invalid value: -5: must be greater than or equal to 0/);
  assert.equal(await count(page, '.gutter mark'), 1);
  assert.equal(await page.locator('.stage-panel').innerText(), before, 'the cluster is unchanged');
  await page.fill('#yaml', 'kind: [unclosed');
  await page.click('#apply');
  assert.match(await page.locator('.error-box').innerText(), /Line \d+:[\s\S]*error converting YAML to JSON: yaml: line \d+: did not find expected/);
  assert.equal(await page.locator('.stage-panel').innerText(), before, 'still unchanged');
  // An error go-yaml's decoder finds after the parse names no line; the text stays as typed.
  const keyed = yaml.replace('  strategy:', '  [a, 1.5]: x\n  strategy:');
  await page.fill('#yaml', keyed);
  await page.click('#apply');
  assert.match(await page.locator('.error-box').innerText(), /error converting YAML to JSON: yaml: invalid map key: \[\]interface \{\}\{"a", 1\.5\}/);
  assert.equal(await page.inputValue('#yaml'), keyed, 'what was typed is kept');
  assert.equal(await page.locator('.stage-panel').innerText(), before, 'still unchanged');
  assert.deepEqual(errors, []);
  await context.close();
});

// The console parses a line once, as kubectl does: every `-f` form and every file of
// a repeated `-f` is the editor's when the editor holds that name, before the presets.
test('apply -f reads the editor in every flag form: -fNAME, repeated -f, after kubectl edit', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await page.getByRole('button', { name: 'Blank' }).click();
  const blank = await page.inputValue('#yaml');
  await page.fill('#yaml', blank.replace('name: web', 'name: mine').replace('replicas: 3', 'replicas: 2'));
  // The second file is the editor's deployment.yaml, not the Blank preset of that name.
  await runLine(page, 'kubectl apply -f recreate-deployment.yaml -f deployment.yaml', 'deployment.apps/mine created');
  // Each file's line is its own chunk of output (the console shows chunks as blocks).
  assert.match(await page.locator('.console').innerText(), /deployment.apps\/rcdeployment created\n+deployment.apps\/mine created/);
  await page.fill('#yaml', (await page.inputValue('#yaml')).replace('replicas: 2', 'replicas: 4'));
  await runLine(page, 'kubectl apply -fdeployment.yaml', 'deployment.apps/mine configured');
  await runLine(page, 'kubectl edit deployment mine', 'Editing deployment.apps/mine in the YAML editor');
  const live = await page.inputValue('#yaml');
  assert.match(live, /replicas: 4/);
  await page.fill('#yaml', live.replace('image: nginx:1.27', 'image: httpd'));
  // Typed as the edit's message says, with the file name joined to the flag.
  await runLine(page, 'kubectl apply -fdeployment-mine.yaml', 'deployment.apps/mine configured');
  const text = await page.locator('.console').innerText();
  assert.doesNotMatch(text, /does not exist/);
  await runLine(page, 'kubectl get deployment mine -o wide', 'httpd');
  assert.deepEqual(errors, []);
  await context.close();
});

test('kubectl edit opens the editor in every form kubectl takes (-n default, deployment.apps NAME)', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await applyPreset(page, 'Blank');
  await runLine(page, 'kubectl get deployment web', 'web');
  for (const line of ['kubectl edit -n default deployment web', 'kubectl edit deployment.apps web']) {
    await page.getByRole('button', { name: 'Recreate (tutorial)' }).click();
    await runLine(page, 'clear', '');
    await page.fill('#console-input', line);
    await page.press('#console-input', 'Enter');
    // Whatever it answers: the editor's message, kubesim's "no editor", or an error.
    await page.waitForFunction(() => /Editing|editor|error/.test(document.querySelector('.console').textContent), null, { polling: 100 });
    const text = await page.locator('.console').innerText();
    assert.match(text, /Editing deployment.apps\/web in the YAML editor/, `${line}: ${text}`);
    assert.doesNotMatch(text, /interactive editor/);
    assert.match(await page.inputValue('#yaml'), /^  name: web$/m);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('(d) axe-core finds no serious or critical accessibility violations', async () => {
  const { page, context } = await openPage(browser, server.url, undefined, true);
  await applyPreset(page, 'RollingUpdate (tutorial)');
  await page.waitForFunction(() => document.querySelectorAll('.lane.new .pod.available').length === 10);
  await page.fill('#image', 'playground/app:crash');
  await page.click('#update-image');
  // Mid-rollout, with the new ReplicaSet's pods on the stage and its lane done
  // fading in (axe would measure contrast through the fade).
  await page.waitForFunction(() => document.querySelectorAll('.lane.new .pod').length > 0 && document.querySelectorAll('.lane.old .pod').length > 0);
  await page.waitForFunction(() => document.querySelector('.lane.new').getAnimations().length === 0);
  await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map(v => `${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target}`), [], `${scheme} theme`);
  }
  await context.close();
});

test('keyboard and small screens: the console works by keys alone at 320 px', async () => {
  const { page, context, errors } = await openPage(browser, server.url, { width: 320, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 330, `no horizontal page scroll at 320 px (${width})`);
  await page.focus('#console-input');
  await page.keyboard.type('kubectl app');
  await page.keyboard.press('Tab');
  assert.equal(await page.inputValue('#console-input'), 'kubectl apply ');
  await page.keyboard.type('-f recreate-deployment.yaml');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.console').textContent.includes('deployment.apps/rcdeployment created'));
  await page.keyboard.type('kubectl get deploy');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.inputValue('#console-input'), 'kubectl get deploy');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.inputValue('#console-input'), 'kubectl apply -f recreate-deployment.yaml');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the console never traps the keyboard: Tab on an empty line, Shift+Tab, and Esc then Tab all leave it', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  await page.focus('#console-input');
  await page.keyboard.press('Tab');
  assert.notEqual(await focused(), 'console-input', 'Tab on an empty line moves on');
  await page.focus('#console-input');
  await page.keyboard.type('kub');
  await page.keyboard.press('Shift+Tab');
  assert.notEqual(await focused(), 'console-input', 'Shift+Tab moves back');
  await page.focus('#console-input');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.notEqual(await focused(), 'console-input', 'Esc then Tab moves on');
  assert.equal(await page.inputValue('#console-input'), 'kub', 'what was typed stays');
  await page.focus('#console-input');
  await page.keyboard.press('End');
  await page.keyboard.press('Tab');
  assert.equal(await page.inputValue('#console-input'), 'kubectl ', 'Tab still completes a word');
  assert.match(await page.locator('#console-keys').innerText(), /Esc then Tab/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('after a delete, the stage shows the terminating pods until they are gone, and the Service has no endpoint', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  const run = (line, until) => runLine(page, line, until);
  await page.click('#play'); // pause: the clock moves only by sleep
  await run('kubectl create deployment web --image=nginx --replicas=3', 'deployment.apps/web created');
  assert.match(await page.textContent('#traffic'), /kubectl expose deployment web --port=80/, 'no Service yet: the panel says how to make one');
  await run('kubectl expose deployment web --port=80', 'service/web exposed');
  await run('sleep 60s', '$ sleep 60s');
  assert.match(await page.textContent('#traffic-h'), /Service web receiving 100 requests\/s/);
  assert.equal(await count(page, '#traffic tbody tr'), 1, 'three nginx endpoints, one version row');
  await run('kubectl delete deployment web', 'deployment.apps "web" deleted');
  const podsListed = async () => {
    await run('kubectl get pods', '$ kubectl get pods');
    return (await page.textContent('.console')).split('$ kubectl get pods').pop().match(/^web-\w+-\w+ +\d\/1 +\w+/gm) || [];
  };
  const orphans = page.locator('[aria-label="Pods without a Deployment"]');
  const listed = await podsListed();
  assert.equal(listed.filter(l => l.endsWith('Terminating')).length, 3, `get pods lists three terminating pods: ${listed}`);
  assert.equal(await orphans.locator('.pod.terminating').count(), 3, 'the stage shows the same three, terminating');
  assert.match(await orphans.locator('.rs-name').textContent(), /^web-\w+$/, 'in a lane named after their ReplicaSet');
  assert.doesNotMatch(await page.textContent('.stage-panel'), /No Deployments yet/);
  await run('sleep 1s', '$ sleep 1s'); // the traffic panel samples each simulated second
  assert.equal(await count(page, '#traffic tbody tr'), 0, 'no endpoint left in the traffic panel');
  assert.match(await page.textContent('#traffic'), /No ready endpoint/);
  assert.equal(await orphans.locator('.pod').count(), (await podsListed()).length, 'stage and get pods agree');
  await run('sleep 40s', '$ sleep 40s'); // past the 30 s grace period
  assert.equal(await orphans.count(), 0, 'gone once the pods are gone');
  assert.match(await page.textContent('.stage-panel'), /No Deployments yet/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('rollout status follows the running clock, and Ctrl+C stops it', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  const run = (line, until) => runLine(page, line, until);
  // At 1x the first image pull takes seconds, so rollout status starts before the
  // rollout ends even on a busy machine; then the clock speeds up.
  await run('kubectl create deployment web --image=nginx --replicas=4', 'deployment.apps/web created');
  await run('kubectl rollout status deployment/web', 'Waiting for deployment "web" rollout to finish');
  await page.selectOption('#speed', '20');
  // It ends by itself as the clock plays, with kubectl's last line.
  await page.waitForFunction(() => document.querySelector('.console').textContent.includes('deployment "web" successfully rolled out'), null, { polling: 100 });
  await page.click('#play'); // pause
  await run('kubectl rollout pause deployment/web', 'deployment.apps/web paused');
  await run('kubectl set image deployment/web nginx=httpd', 'deployment.apps/web image updated');
  const before = await page.textContent('.clock .time');
  await run('kubectl rollout status deployment/web', '0 out of 4 new replicas have been updated...');
  assert.equal(await page.textContent('.clock .time'), before, 'the clock did not jump');
  assert.match(await page.textContent('#console-keys'), /Ctrl\+C stops/);
  await page.press('#console-input', 'Control+c');
  await page.waitForFunction(() => /updated\.\.\.\s*\^C/.test(document.querySelector('.console').textContent), null, { polling: 100 });
  assert.doesNotMatch(await page.textContent('#console-keys'), /Ctrl\+C/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('large ReplicaSets draw on a canvas with a text summary for screen readers', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await page.fill('#console-input', 'kubectl create deployment big --image=nginx:1.27 --replicas=300');
  await page.press('#console-input', 'Enter');
  await page.selectOption('#speed', '20');
  await page.waitForFunction(() => /successfully rolled out/.test(document.querySelector('.status-line')?.textContent || ''));
  assert.equal(await count(page, '.lane .pod'), 0, 'no DOM tile per pod');
  assert.equal(await count(page, 'canvas.pod-canvas'), 1);
  const drawn = await page.evaluate(() => {
    const c = document.querySelector('canvas.pod-canvas');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return { painted, height: c.getBoundingClientRect().height };
  });
  assert.ok(drawn.height > 40, `the canvas has rows (${drawn.height}px)`);
  assert.ok(drawn.painted > 300 * 40, `pods are painted (${drawn.painted} pixels)`);
  assert.match(await page.locator('.lane .visually-hidden').first().textContent(), /^300 Available$/);
  // Hovering a pod names it, like a tile's tooltip.
  await page.hover('canvas.pod-canvas', { position: { x: 8, y: 8 } });
  assert.match(await page.getAttribute('canvas.pod-canvas', 'title'), /^big-[a-z0-9]+-[a-z0-9]{5}: Available$/);
  assert.deepEqual(errors, []);
  await context.close();
});

// The page's weight is a guard, never a blocker (DEVELOPERS.md): everything a first
// visit loads, gzip-compressed as a server would send it, under one fixed ceiling.
// What users feel is measured by the browser benchmark (`./dev bench`: time to a
// usable console, throttled like a slow phone). A feature that would pass this
// first moves weight no learner meets out of the first load; if still over, the
// ceiling rises by the measured amount in the same commit, said in its note.
const PAGE_CEILING_KIB = 374;

test('the page stays within its weight budget', async () => {
  const zlib = await import('node:zlib');
  const { page, context } = await openPage(browser, server.url);
  const sizes = [];
  page.on('response', async r => { try { sizes.push(zlib.gzipSync(await r.body(), { level: 9 }).length); } catch {} });
  await page.reload();
  await page.waitForSelector('#console-input');
  await page.waitForLoadState('networkidle');
  const kib = sizes.reduce((a, b) => a + b, 0) / 1024;
  assert.ok(sizes.length >= 3, `saw ${sizes.length} responses`);
  assert.ok(kib <= PAGE_CEILING_KIB, `page loads ${kib.toFixed(2)} KiB gzip, ceiling ${PAGE_CEILING_KIB} KiB`);
  await context.close();
});
