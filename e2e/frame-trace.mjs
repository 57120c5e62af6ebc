// Profiling aid (not a test): traces a rolling update in Chromium and prints where
// main-thread time goes (task kinds, then the three longest tasks broken down).
// Run after ./dev build:  node e2e/frame-trace.mjs [DIST_DIR] [REPLICAS]
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
const server = await serve(process.argv[2] || new URL('../dist', import.meta.url).pathname);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
await page.goto(server.url);
await page.waitForSelector('#console-input');
await page.fill('#console-input', `kubectl create deployment big --image=nginx:1.25 --replicas=${process.argv[3] || 1000}`);
await page.press('#console-input', 'Enter');
await page.selectOption('#speed', '20');
await page.waitForFunction(() => /successfully rolled out/.test(document.querySelector('.status-line')?.textContent || ''), null, { timeout: 120000 });
await page.selectOption('#speed', '5');
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
await page.fill('#console-input', 'kubectl set image deployment/big nginx=nginx:1.26');
await page.press('#console-input', 'Enter');
await page.waitForTimeout(6000);
const buf = await browser.stopTracing();
const ev = JSON.parse(buf.toString()).traceEvents;
const agg = new Map();
let longest = [];
for (const e of ev) if (e.ph === 'X' && e.dur) { agg.set(e.name, (agg.get(e.name) || [0, 0, 0]).map((v, i) => i === 0 ? v + e.dur : i === 1 ? v + 1 : Math.max(v, e.dur))); }
[...agg.entries()].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25).forEach(([k, v]) => console.log(k.padEnd(40), (v[0] / 1000).toFixed(0).padStart(7), 'ms', String(v[1]).padStart(6), 'x  max', (v[2] / 1000).toFixed(1)));
const layouts = ev.filter(e => e.name === 'Layout' && e.dur > 10000).slice(0, 3);
console.log(JSON.stringify(layouts.map(l => l.args), null, 0).slice(0, 1500));
const runs = ev.filter(e => e.name === 'RunTask' && e.dur > Number(process.env.LONG_TASK_MS || 40) * 1000).sort((a, b) => b.dur - a.dur).slice(0, 3);
for (const r of runs) {
  console.log('--- RunTask', (r.dur / 1000).toFixed(1), 'ms tid', r.tid);
  ev.filter(e => e.ph === 'X' && e.tid === r.tid && e.ts >= r.ts && e.ts + (e.dur || 0) <= r.ts + r.dur && e.dur > 1500 && e !== r)
    .forEach(e => console.log('   ', e.name.padEnd(30), (e.dur / 1000).toFixed(1), JSON.stringify(e.args).slice(0, 150)));
}
await browser.close(); await server.close();
