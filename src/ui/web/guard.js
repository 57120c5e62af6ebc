// The page's guard and frame loop, loaded before the wasm (index.html inlines it;
// tools/csp.mjs moves it to a file of its own). Plain JavaScript because it must
// work when the wasm does not: a trap, an out-of-memory or a panic leaves the
// wasm unusable, and only this script can still show the error box and bring the
// session back. It must not hold any state of the simulation: the app hands it a
// share link of the last good state, and the page's own fields hold what the
// person is typing.
(() => {
  const P = (window.rolloutPlayground = {});
  const LAST_GOOD = 'rollout-playground-last-good';
  const TYPED = 'rollout-playground-typed';
  const store = (key, value) => { try { sessionStorage.setItem(key, value); } catch {} };
  const read = key => { try { return sessionStorage.getItem(key); } catch { return null; } };

  // ----- the frame loop ----------------------------------------------------------
  // One callback at a time: on the next animation frame after `delayMs`, and only
  // while the page is visible and in view (an embed scrolled away, a hidden tab).
  // The callback's second argument says the loop was held, so the clock resumes
  // where it was instead of counting the time nobody watched.
  let seen = true, callback = null, timer = 0, frame = 0, held = false;
  const go = () => {
    if (!callback || frame) return;
    if (!seen || document.hidden) { held = true; return; }
    frame = requestAnimationFrame(t => {
      const f = callback, h = held;
      frame = 0; callback = null; held = false;
      f(t, h);
    });
  };
  P.frame = (f, delayMs) => {
    callback = f;
    clearTimeout(timer);
    timer = 0;
    if (delayMs > 0) timer = setTimeout(() => { timer = 0; go(); }, delayMs);
    else go();
  };
  // Something happened (a click, a key): a frame waiting on a timer comes now.
  P.wake = () => { if (timer) { clearTimeout(timer); timer = 0; go(); } };
  document.addEventListener('visibilitychange', () => { if (document.hidden) held = true; go(); });
  // In an iframe this is the top-level viewport: an embed scrolled out of view sleeps.
  new IntersectionObserver(entries => { seen = entries[entries.length - 1].isIntersecting; go(); })
    .observe(document.documentElement);

  // ----- the crash guard ---------------------------------------------------------
  P.saveGood = link => store(LAST_GOOD, link);
  const field = id => document.getElementById(id);
  let shown = false;
  P.fatal = message => {
    console.error(message);
    if (shown) return;
    shown = true;
    // What the person typed is in the page's fields, whatever state the wasm is in.
    const typed = { yaml: field('yaml')?.value, console: field('console-input')?.value };
    const box = document.createElement('div');
    box.id = 'fatal';
    box.className = 'fatal';
    box.setAttribute('role', 'alert');
    const text = document.createElement('p');
    text.textContent = `Rollout Playground hit an internal error and stopped: ${message}\nReload this session to go on from the last command that worked; what you typed comes back too. Please report this with the steps that led to it.`;
    const reload = document.createElement('button');
    reload.id = 'reload-session';
    reload.textContent = 'Reload this session';
    reload.onclick = () => {
      store(TYPED, JSON.stringify(typed));
      const link = read(LAST_GOOD);
      location.hash = link ? `s=${link}` : '';
      location.reload();
    };
    box.append(text, reload);
    document.body.prepend(box);
    reload.focus();
  };
  addEventListener('error', e => P.fatal(e.message || String(e.error)));
  addEventListener('unhandledrejection', e => P.fatal(String(e.reason)));

  // After a reload: put back what was typed once the app has drawn its fields.
  const typed = read(TYPED);
  if (typed) {
    sessionStorage.removeItem(TYPED);
    const { yaml, console: line } = JSON.parse(typed);
    const refill = () => {
      const pairs = [[field('yaml'), yaml], [field('console-input'), line]];
      if (!field('console-input')) return false;
      for (const [el, value] of pairs) {
        if (el && typeof value === 'string') {
          el.value = value;
          el.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }
      return true;
    };
    new MutationObserver((_, observer) => { if (refill()) observer.disconnect(); })
      .observe(document, { childList: true, subtree: true });
  }
})();
