// The pages' standard as functions the browser tests share: axe-core, controls inside the
// screen, a thumb's tap where a control really is, keyboard reach with a visible focus, the
// weight of a page's first load, and a throttled 3G network.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { shots } from './harness.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

/** A context in which axe-core can run: JavaScript on and the page's CSP bypassed only so the
 * checker itself can be injected. `storageState` carries a role's login over from another one. */
export function axeContext(browser, viewport, storageState) {
  return browser.newContext({ viewport, locale: 'es-BO', javaScriptEnabled: true, bypassCSP: true, storageState });
}

/** The serious and critical axe-core violations of the page as it is now, one line each. */
export async function axeViolations(page) {
  if (await page.evaluate(() => typeof window.axe === 'undefined')) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return found;
}

/** Runs axe on every path in `paths` with `context`; returns "path: violation" lines. */
export async function axeOver(context, base, paths) {
  const page = await context.newPage();
  const problems = [];
  for (const path of paths) {
    const response = await page.goto(base + path, { waitUntil: 'load' });
    if (!response || !(response.headers()['content-type'] || '').startsWith('text/html')) continue;
    for (const v of await axeViolations(page)) problems.push(`${path}: ${v}`);
  }
  await page.close();
  return problems;
}

/** In the page: the innermost elements that reach past `limit`, named like CSS selectors. */
export function widest(limit) {
  const name = (e) => e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '')
    + [...e.classList].map((c) => `.${c}`).join('');
  const over = [...document.body.querySelectorAll('*')]
    .filter((e) => e.getBoundingClientRect().right > limit + 0.5)
    .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > limit + 0.5));
  if (over.length === 0) { // a word too long for its box overflows without widening the box
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n && texts.length < 3; n = walker.nextNode()) {
      const r = document.createRange();
      r.selectNodeContents(n);
      if (r.getBoundingClientRect().right > limit + 0.5) texts.push(`${name(n.parentElement)} "${n.textContent.trim().slice(0, 30)}" (${Math.round(r.getBoundingClientRect().right)}px)`);
    }
    return texts;
  }
  return over.slice(0, 3).map((e) => {
    const chain = [];
    for (let x = e; x && x !== document.body && chain.length < 4; x = x.parentElement) chain.unshift(name(x));
    return `${chain.join(' > ')} (${Math.round(e.getBoundingClientRect().right)}px)`;
  });
}

/** In the page: every visible form control that is not wholly inside the viewport's width (a
 * button in a table that scrolls sideways is outside it until the table is scrolled). */
export function offscreenControls() {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea')]
    .filter((e) => e.checkVisibility())
    .map((e) => [e, e.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.left < -0.5 || r.right > limit + 0.5))
    .slice(0, 5)
    .map(([e, r]) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent || e.name || '').trim().slice(0, 30)}" at ${Math.round(r.left)}–${Math.round(r.right)}px of ${limit}px`);
}

/** Taps `selector` as a thumb would: scrolls the window vertically only, asserts the control is
 * wholly on screen, and clicks at its centre; resolves when the page it leads to has loaded. */
export async function tap(page, selector, { navigates = true } = {}) {
  const box = await page.$eval(selector, (e) => {
    const before = e.getBoundingClientRect();
    window.scrollBy(0, before.top - window.innerHeight / 2);
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, vw: document.documentElement.clientWidth, vh: window.innerHeight };
  });
  assert.ok(box.left >= -0.5 && box.right <= box.vw + 0.5,
    `${selector} is off screen: ${Math.round(box.left)}–${Math.round(box.right)}px of a ${box.vw}px viewport`);
  assert.ok(box.top >= 0 && box.bottom <= box.vh, `${selector} could not be brought on screen`);
  const click = page.mouse.click((box.left + box.right) / 2, (box.top + box.bottom) / 2);
  if (navigates) await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), click]);
  else await click;
}

/** Presses Tab through the page; returns the controls never reached and those reached without
 * a visible focus indicator (an outline of at least 2px, or a box shadow). */
export async function keyboardWalk(page) {
  const total = await page.evaluate(() => {
    const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex="0"]')]
      .filter((e) => e.checkVisibility() && !e.disabled);
    all.forEach((e, i) => e.setAttribute('data-kb', String(i)));
    document.activeElement?.blur();
    return all.length;
  });
  const reached = new Set();
  const unfocused = [];
  const radios = new Set(); // a radio group takes one Tab stop: the others are reached by arrows
  for (let i = 0; i < total + 3; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const s = getComputedStyle(e);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      return { kb: e.getAttribute('data-kb'), name: e.type === 'radio' ? e.name : null,
        what: `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent || e.name || '').trim().slice(0, 25)}"`,
        visible: outline || s.boxShadow !== 'none', focusVisible: e.matches(':focus-visible') };
    });
    if (!f || f.kb === null) continue;
    reached.add(f.kb);
    if (f.name) radios.add(f.name);
    if (!f.visible || !f.focusVisible) unfocused.push(f.what);
  }
  const missed = await page.evaluate(({ reached, radios }) => [...document.querySelectorAll('[data-kb]')]
    .filter((e) => !reached.includes(e.getAttribute('data-kb')) && !(e.type === 'radio' && radios.includes(e.name)))
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent || e.name || '').trim().slice(0, 25)}"`),
  { reached: [...reached], radios: [...radios] });
  return { total, missed, unfocused: [...new Set(unfocused)] };
}

/** Loads `url` in a fresh context (empty cache) and counts what crossed the network: bytes as
 * transferred (compressed, headers included) for the page and everything it loaded, and every
 * request whose origin is not the server's. */
export async function firstLoad(browser, url, { viewport, storageState, javaScriptEnabled = true }) {
  const context = await browser.newContext({ viewport, locale: 'es-BO', storageState, javaScriptEnabled });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map();
  let bytes = 0;
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  const response = await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(150); // late loadingFinished events (an open event stream never finishes)
  const origin = new URL(url).origin;
  const requests = [...urls.values()];
  const foreign = requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
  const landed = page.url();
  await context.close();
  return { bytes, requests: requests.length, foreign, status: response?.status(), landed };
}

/** Throttles `page`'s network like a 3G phone in a hall: 400 kbit/s each way, 400 ms latency. */
export async function throttle3g(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8,
  });
  return cdp;
}

/** Writes a measurement for a person (and BENCHMARKS.md) under e2e/test-results. */
export function record(name, data) {
  writeFileSync(join(shots, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`);
}
