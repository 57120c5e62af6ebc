// Browser benchmark (not a test): prints figures for the closing notes.
//   1. gzip size of everything the page loads;
//   2. navigation to a usable console (first paint of #console-input, ready for keys),
//      unthrottled and on a throttled slow phone (CDP: 1.6 Mbit/s, 150 ms RTT, 4x CPU),
//      with first paint and the moment the wasm has arrived;
//   3. a 1,000-replica rolling update: frame rate and the longest frame gap;
//   4. 10,000 replicas: frame rate with the stage grouping pods into counts.
//   5. idle cost: main-thread busy time per 5 s with the clock paused, playing on a
//      steady cluster, playing on an empty one, and as an embed scrolled out of view.
// Run: ./dev bench (builds dist/ first) or node e2e/bench.mjs.
// DIST=path and ONLY=idle, see below. PEERS="url1 url2" measures the same idle figures for other pages in the same run.
import zlib from 'node:zlib';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

// DIST=path measures another build (an earlier commit's, say); ONLY=idle runs part 5 alone.
const server = await serve(process.env.DIST || new URL('../dist', import.meta.url).pathname);
const browser = await launch();

// A slow phone (DEVELOPERS.md): 1.6 Mbit/s down, 150 ms round trip, CPU 4x slower.
const SLOW_PHONE = { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8, cpuSlowdown: 4 };

async function pageLoad(throttle) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  if (throttle) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: throttle.latency, downloadThroughput: throttle.downloadThroughput, uploadThroughput: throttle.uploadThroughput });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle.cpuSlowdown });
  }
  const bodies = [];
  page.on('response', async r => { try { bodies.push({ url: r.url(), bytes: (await r.body()).length, gz: zlib.gzipSync(await r.body(), { level: 9 }).length }); } catch {} });
  // Timestamp, inside the page, the moment the console input exists and can take keys.
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.getElementById('console-input')) { window.__consoleReady = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  });
  const t0 = Date.now();
  await page.goto(server.url);
  await page.waitForSelector('#console-input', { timeout: 120000 });
  const wall = Date.now() - t0;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm'));
    const paint = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');
    return { ready: window.__consoleReady, wasmLoaded: wasm ? wasm.responseEnd : 0, domContentLoaded: n.domContentLoadedEventEnd, firstPaint: paint ? paint.startTime : NaN };
  });
  await page.waitForTimeout(300);
  await context.close();
  return { wall, nav, bodies };
}

async function animate(replicas, seconds) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('#console-input');
  await page.fill('#console-input', `kubectl create deployment big --image=nginx:1.25 --replicas=${replicas}`);
  await page.press('#console-input', 'Enter');
  await page.selectOption('#speed', '20');
  await page.waitForFunction(() => /successfully rolled out/.test(document.querySelector('.status-line')?.textContent || ''), null, { timeout: 120000 });
  await page.selectOption('#speed', '5');
  await page.fill('#console-input', 'kubectl set image deployment/big nginx=nginx:1.26');
  await page.press('#console-input', 'Enter');
  const frames = await page.evaluate(async (ms) => {
    const gaps = [];
    let last = performance.now();
    const end = last + ms;
    await new Promise(resolve => {
      const tick = (t) => { gaps.push(t - last); last = t; if (t < end) requestAnimationFrame(tick); else resolve(); };
      requestAnimationFrame(tick);
    });
    return gaps;
  }, seconds * 1000);
  const pods = await page.locator('.pod').count() + await page.evaluate(() => document.querySelectorAll('canvas.pod-canvas').length ? -1 : 0);
  await context.close();
  frames.shift();
  const sorted = [...frames].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return { frames: frames.length, medianFps: 1000 / median, maxGapMs: Math.max(...frames), p95GapMs: sorted[Math.floor(sorted.length * 0.95)], podTiles: pods };
}

// Main-thread busy time (CDP TaskDuration) over `ms` of doing nothing.
async function busyMs(page, ms) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find(m => m.name === 'TaskDuration').value;
  const before = await task();
  await page.waitForTimeout(ms);
  const spent = (await task() - before) * 1000;
  await cdp.detach();
  return spent;
}

async function idle(url, setup) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  await setup?.(page);
  await page.waitForTimeout(1000);
  const ms = await busyMs(page, 5000);
  await context.close();
  return ms;
}

const run = async (page, line) => {
  await page.fill('#console-input', line);
  await page.press('#console-input', 'Enter');
};
const idleCases = [
  ['paused', async page => { await page.click('#play'); }],
  ['playing, steady cluster (3 pods)', async page => { await run(page, 'kubectl create deployment web --image=nginx --replicas=3'); await run(page, 'sleep 60s'); }],
  ['playing, empty cluster', null],
];

const loads = [];
if (process.env.ONLY !== 'idle') {
for (let i = 0; i < 5; i++) loads.push(await pageLoad());
const first = loads[0];
const totalGz = first.bodies.reduce((s, b) => s + b.gz, 0);
const totalRaw = first.bodies.reduce((s, b) => s + b.bytes, 0);
console.log('Everything the page loads:');
for (const b of first.bodies) console.log(`  ${String(b.gz).padStart(8)} B gzip  ${String(b.bytes).padStart(8)} B  ${b.url.replace(server.origin, '')}`);
console.log(`  total: ${(totalGz / 1024).toFixed(1)} KiB gzip (${(totalRaw / 1024).toFixed(1)} KiB raw) in ${first.bodies.length} requests`);
const ready = loads.map(l => l.nav.ready).sort((a, b) => a - b);
const wasmAt = loads.map(l => l.nav.wasmLoaded).sort((a, b) => a - b);
console.log(`Navigation to a usable console (timed in the page): median ${ready[2].toFixed(0)} ms (runs: ${ready.map(r => r.toFixed(0)).join(', ')}); wasm fully loaded at a median ${wasmAt[2].toFixed(0)} ms`);
const slow = [];
for (let i = 0; i < 3; i++) slow.push(await pageLoad(SLOW_PHONE));
const med = key => slow.map(l => l.nav[key]).sort((a, b) => a - b)[1];
console.log(`On a slow phone (1.6 Mbit/s, 150 ms RTT, 4x CPU), medians of 3: first paint ${med('firstPaint').toFixed(0)} ms, wasm loaded ${med('wasmLoaded').toFixed(0)} ms, usable console ${med('ready').toFixed(0)} ms (runs: ${slow.map(l => l.nav.ready.toFixed(0)).join(', ')})`);
for (const [n, secs] of [[1000, 8], [10000, 8]]) {
  const r = await animate(n, secs);
  console.log(`${n} replicas, rolling update at 5x: median ${r.medianFps.toFixed(1)} frames/s, p95 gap ${r.p95GapMs.toFixed(1)} ms, max gap ${r.maxGapMs.toFixed(1)} ms over ${r.frames} frames (${r.podTiles < 0 ? 'pods drawn on canvas' : r.podTiles + ' pod tiles drawn'})`);
}
}
console.log('Idle main-thread time per 5 s (CDP TaskDuration; lower is better):');
for (const [label, setup] of idleCases) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await idle(server.url, setup));
  runs.sort((a, b) => a - b);
  console.log(`  ${label}: median ${runs[1].toFixed(1)} ms (runs ${runs.map(r => r.toFixed(1)).join(', ')})`);
}
{
  // An embed on a blog page, scrolled out of view, its clock playing.
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const host = `${server.url}bench-host.html`;
  await page.route(host, route => route.fulfill({ contentType: 'text/html', body: '<!doctype html><iframe src="./?embed=1&preset=rolling" width="900" height="600"></iframe><div style="height:6000px"></div><p id="end">end</p>' }));
  await page.goto(host);
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.getElementById('end').scrollIntoView());
  await page.waitForTimeout(1000);
  const away = await busyMs(page, 5000);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1000);
  const inView = await busyMs(page, 5000);
  console.log(`  an embed playing, in view: ${inView.toFixed(1)} ms; scrolled out of view: ${away.toFixed(1)} ms`);
  await context.close();
}
for (const peer of (process.env.PEERS || '').split(/\s+/).filter(Boolean)) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await idle(peer));
  runs.sort((a, b) => a - b);
  console.log(`  peer ${peer}, as loaded: median ${runs[1].toFixed(1)} ms (runs ${runs.map(r => r.toFixed(1)).join(', ')})`);
}
await browser.close();
await server.close();
