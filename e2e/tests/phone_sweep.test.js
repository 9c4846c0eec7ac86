// Every screen on a 360px phone, JavaScript off: the pages reachable by links from "/" (and, for
// the administrator, from the administrator's own pages) are crawled breadth-first, as the
// administrator, an organization's secretary, a delegate logged in with a card and an anonymous
// visitor: none may scroll sideways, hide a form control past the screen's edge or fail with a
// 5xx, and axe-core finds no serious or critical violation on any route reached (phone and
// desktop). The demo is completed through the JSON API first (e2e/tests/world.js) so that every
// kind of page has something to show. A failure lists every page at fault with its width and the
// innermost elements that reach past the edge. A second test taps the primary buttons where a
// thumb would: credentials, the door, the delegate's login, speaking and voting, the chair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, phone, shots } from './harness.js';
import { populate, slug } from './world.js';
import { widest, offscreenControls, axeContext, axeOver, PHONE, DESKTOP, tap } from './standard.js';

const PHONE_WIDTH = 360;
const MAX_PAGES = 120; // per role
const MAX_PER_SHAPE = 10; // pages of one route shape (ids replaced), so the cap buys variety
const AXE_PER_SHAPE = 1; // pages of one route shape checked by axe-core, per role and viewport

/** Same-origin HTML pages worth a visit; null for anything else. */
function candidate(server, href) {
  let u;
  try { u = new URL(href, server.url); } catch { return null; }
  if (u.origin !== new URL(server.url).origin) return null;
  const p = u.pathname;
  if (/^\/(logout|static|events|api|lang|setup)(\/|$)/.test(p)) return null;
  if (/\.(pdf|svg|csv|json)$/i.test(p)) return null;
  return p + u.search;
}

/** The route a path belongs to: numbers become {id}. */
const shape = (path) => path.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/{id}');

/** Breadth-first over same-origin links from `seeds`; returns every page visited and its width. */
async function sweep(server, page, seeds) {
  const queue = [];
  const seen = new Set();
  const perShape = new Map();
  const enqueue = (path) => {
    if (path === null || seen.has(path)) return;
    seen.add(path);
    const s = shape(path);
    if ((perShape.get(s) || 0) >= MAX_PER_SHAPE) return;
    perShape.set(s, (perShape.get(s) || 0) + 1);
    queue.push(path);
  };
  seeds.forEach((s) => enqueue(candidate(server, s)));
  const visited = [];
  while (queue.length > 0 && visited.length < MAX_PAGES) {
    const path = queue.shift();
    let response;
    try {
      response = await page.goto(server.url + path, { waitUntil: 'load' });
    } catch (e) {
      if (/Download is starting/.test(e.message)) continue; // an attachment, not a screen
      throw e;
    }
    const status = response ? response.status() : 0;
    if (!(response?.headers()['content-type'] || '').startsWith('text/html')) {
      if (status >= 500) visited.push({ path, status, width: 0 });
      continue;
    }
    const here = candidate(server, page.url()) ?? path;
    if (here !== path) {
      // A redirect: count the page under the address it landed on, once.
      if (visited.some((v) => v.path === here)) continue;
      seen.add(here);
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    const culprits = width > PHONE_WIDTH ? await page.evaluate(widest, PHONE_WIDTH) : [];
    const offscreen = await page.evaluate(offscreenControls);
    visited.push({ path: here, from: here !== path ? path : undefined, status, width, culprits, offscreen });
    for (const href of await page.$$eval('a[href]', (as) => as.map((a) => a.href))) enqueue(candidate(server, href));
  }
  return visited;
}

/** axe-core on one page of each route in `visited`, as `context`'s role, on the phone and on
 * the desktop (JavaScript on, CSP bypassed for the checker). */
async function axeSweep(browser, server, role, context, visited) {
  const state = await context.storageState();
  const perShape = new Map();
  const paths = visited.filter((v) => v.status < 400 && v.width > 0).map((v) => v.path).filter((p) => {
    const n = perShape.get(shape(p)) || 0;
    perShape.set(shape(p), n + 1);
    return n < AXE_PER_SHAPE;
  });
  const problems = [];
  for (const viewport of [PHONE, DESKTOP]) {
    const ctx = await axeContext(browser, viewport, state);
    for (const line of await axeOver(ctx, server.url, paths)) problems.push(`${role} ${viewport.width}px ${line}`);
    await ctx.close();
  }
  return { problems, loads: 2 * paths.length };
}

/** Logs `page` in with a card code (the delegate's way), or a password when given. */
async function logIn(server, page, { card, username, password }) {
  await page.goto(`${server.url}/login`);
  if (card) {
    await page.fill('#card-code', card);
    await page.click('#login-card');
  } else {
    await page.fill('#login-username', username);
    await page.fill('#login-password', password);
    await page.click('#login-password-submit');
  }
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** The problems of one role's sweep, one line each. */
function problemsOf(role, visited) {
  const problems = [];
  for (const v of visited) {
    const where = `${role} ${v.path}${v.from ? ` (from ${v.from})` : ''}`;
    if (v.status >= 500) problems.push(`${where}: status ${v.status}`);
    if (v.width > PHONE_WIDTH) problems.push(`${where}: ${v.width}px wide; reaching past: ${v.culprits.join(', ')}`);
    for (const c of v.offscreen || []) problems.push(`${where}: control off screen: ${c}`);
  }
  return problems;
}

test('every page fits a 360px phone without JavaScript, keeps its controls on screen and passes axe, for every role', async () => {
  // Roles that see different pages: the administrator (who also sits on the credentials
  // commission, the presidium and the tellers: admin, commission and chair), an organization's
  // secretary, an accredited delegate (logged in with the card), and the public.
  const started = Date.now();
  const server = await startServer({ demo: true });
  const { browser, page } = await phone('es-BO');
  try {
    const world = await populate(server);
    const { pages } = world;
    const sweeps = [];

    await logIn(server, page, { username: 'admin', password: 'una contraseña larga' });
    sweeps.push(['administrator', page.context(), await sweep(server, page,
      ['/', '/account', '/admin/accounts', '/organizations', '/organizations/new', '/organizations/import',
        '/sectors', '/assemblies/new', `/assemblies/${slug}/plan`, ...pages])]);

    for (const [role, login] of [['secretary', { card: world.secretaryCard }], ['delegate', { card: world.cardCode }]]) {
      const context = await browser.newContext({ viewport: PHONE, locale: 'es-BO', javaScriptEnabled: false });
      const p = await context.newPage();
      await logIn(server, p, login);
      sweeps.push([role, context, await sweep(server, p, ['/', '/account', '/vote', ...pages])]);
    }

    // The public: a fresh context, no cookies.
    const anonymous = await browser.newContext({ viewport: PHONE, locale: 'es-BO', javaScriptEnabled: false });
    sweeps.push(['anonymous', anonymous, await sweep(server, await anonymous.newPage(), ['/', ...pages])]);
    const swept = Date.now();

    // axe-core on every route each role reached, on the phone and on the desktop.
    const axeProblems = [];
    let axed = 0;
    for (const [role, context, visited] of sweeps) {
      const r = await axeSweep(browser, server, role, context, visited);
      axeProblems.push(...r.problems);
      axed += r.loads;
    }

    const problems = sweeps.flatMap(([role, , visited]) => problemsOf(role, visited));
    console.log(`swept ${sweeps.map(([r, , v]) => `${v.length} pages as ${r}`).join(', ')} in ${swept - started} ms; axe on ${axed} page loads in ${Date.now() - swept} ms`);
    if (process.env.SWEEP_LIST) { // SWEEP_LIST=1 prints every page visited
      for (const [role, , visited] of sweeps) {
        for (const v of visited) console.log(`${role} ${v.status} ${v.width}px ${v.path}${v.from ? ` (from ${v.from})` : ''}`);
      }
    }
    const count = (r) => sweeps.find(([role]) => role === r)[2].length;
    assert.ok(count('administrator') >= 40, `the administrator's sweep reached only ${count('administrator')} pages`);
    assert.ok(count('anonymous') >= 20, `the public sweep reached only ${count('anonymous')} pages`);
    assert.ok(count('delegate') >= 20, `the delegate's sweep reached only ${count('delegate')} pages`);
    assert.equal(problems.length, 0, `pages that scroll sideways on a ${PHONE_WIDTH}px phone, hide a control past its edge, or fail:\n${problems.join('\n')}`);
    assert.equal(axeProblems.length, 0, `serious or critical axe-core violations:\n${axeProblems.join('\n')}`);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('on a phone the primary buttons are tapped where they are: credentials, door, delegate, chair', async () => {
  const server = await startServer({ demo: true });
  const { browser, page } = await phone('es-BO');
  try {
    const world = await populate(server);
    // The credentials commission (the administrator holds the office) accepts one delegate and
    // rejects another, each by tapping the button in its row (defect 9: they were off screen).
    await logIn(server, page, { username: 'admin', password: 'una contraseña larga' });
    await page.goto(`${server.url}/assemblies/${slug}/delegates`);
    // Two delegates awaiting their credential (the first one was accredited through the API).
    const pending = await page.$$eval('#delegates tr[id^=delegate-]', (rows) => rows
      .filter((r) => r.querySelector('form[action$="/accredit"]') && r.querySelector('form[action$="/reject"]'))
      .map((r) => r.id.replace('delegate-', '')));
    assert.ok(pending.length >= 1, 'a delegate awaits a credential');
    const [accept, reject] = [pending[0], pending[1] ?? pending[0]];
    await page.fill(`#delegate-${accept} input[name=reason]`, 'Acta conforme');
    await tap(page, `#accredit-${accept}`); // shows the card to print
    const badge = (await page.textContent('#card-badge-value')).trim();
    // The door checks the new delegate in by the badge on that card.
    await page.goto(`${server.url}/assemblies/${slug}/door`);
    await page.fill('#door-badge', badge);
    await tap(page, '#door-check-in');
    assert.ok(await page.isVisible('#door-ok'), 'checked in at the door');
    await page.goto(`${server.url}/assemblies/${slug}/delegates`);
    assert.deepEqual(await page.evaluate(offscreenControls), [], 'every control on screen after accepting');
    await page.fill(`#delegate-${reject} form[action$="/reject"] input[name=reason]`, 'Acta sin firmas');
    await tap(page, `#reject-${reject}`);
    await page.goto(`${server.url}/assemblies/${slug}/delegates`);
    if (reject !== accept) assert.match(await page.textContent(`#delegate-${accept}`), /Credencial aceptada/);
    assert.match(await page.textContent(`#delegate-${reject}`), /Credencial rechazada/);
    assert.doesNotMatch(await page.textContent('#delegates'), /Acta sin firmas/, 'the reason is on the record, not in the list');
    await page.screenshot({ path: join(shots, 'credentials-phone.png'), fullPage: true });
    // The same page on a desktop keeps its table.
    const desk = await browser.newContext({ viewport: DESKTOP, locale: 'es-BO', javaScriptEnabled: false, storageState: await page.context().storageState() });
    const deskPage = await desk.newPage();
    await deskPage.goto(`${server.url}/assemblies/${slug}/delegates`);
    await deskPage.screenshot({ path: join(shots, 'credentials-desktop.png'), fullPage: true });
    await desk.close();

    // The accounts list: the new-card button of every row is on screen.
    await page.goto(`${server.url}/admin/accounts`);
    assert.deepEqual(await page.evaluate(offscreenControls), []);

    // The delegate, on their phone: log in with the card, ask to speak, vote, by taps.
    const dctx = await browser.newContext({ viewport: PHONE, locale: 'es-BO', javaScriptEnabled: false });
    const d = await dctx.newPage();
    await d.goto(`${server.url}/login`);
    await d.fill('#card-code', world.cardCode);
    await tap(d, '#login-card');
    await d.goto(`${server.url}/sessions/items/${world.openItem.id}`);
    await tap(d, '#ask-to-speak');
    assert.match(await d.textContent('#speakers'), new RegExp(world.delegates[0].name));
    await tap(d, `#vote-${world.choice.id} button[name=choice]`);
    assert.match(await d.textContent(`#voted-${world.choice.id}`), /Su voto está registrado/);

    // The chair gives the floor by tapping.
    await page.goto(`${server.url}/sessions/items/${world.openItem.id}`);
    await tap(page, '#next-speaker');
    assert.match(await page.textContent('#speaker-now'), new RegExp(world.delegates[0].name));
    assert.deepEqual(await page.evaluate(offscreenControls), []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test("the demo story's public pages fit a 360px phone without JavaScript and pass axe", async () => {
  // `serve --demo` with its story: an election with rounds, credentials, a recall, a closed
  // session with amendments, votes, a resolution and minutes, as the public sees them.
  const server = await startServer({ demo: true, story: true });
  const { browser, page } = await phone('es-BO');
  try {
    const visited = await sweep(server, page, ['/', `/assemblies/${slug}/delegates`,
      `/assemblies/${slug}/sessions`, '/elections/1', '/sessions/1', '/sessions/1/minutes']);
    const problems = visited.flatMap((v) => [
      ...(v.status >= 500 ? [`${v.path}: status ${v.status}`] : []),
      ...(v.width > PHONE_WIDTH ? [`${v.path}: ${v.width}px wide; reaching past: ${v.culprits.join(', ')}`] : []),
    ]);
    const axe = await axeSweep(browser, server, 'anonymous', page.context(), visited);
    console.log(`swept ${visited.length} pages of the demo story; axe on ${axe.loads} page loads`);
    assert.ok(visited.length >= 20, `the sweep reached only ${visited.length} pages`);
    assert.ok(visited.some((v) => v.path === '/sessions/1/minutes' && v.status === 200), 'the minutes were swept');
    assert.equal(problems.length, 0, `pages that scroll sideways on a ${PHONE_WIDTH}px phone or fail:\n${problems.join('\n')}`);
    assert.equal(axe.problems.length, 0, `serious or critical axe-core violations:\n${axe.problems.join('\n')}`);
    // The STV count's rounds are cards on the phone: each step runs the card's full width
    // (in a table the step column was squeezed into very tall rows).
    await page.goto(`${server.url}/elections/1`);
    const steps = await page.$$eval('#rounds td.card-step', (cells) => cells.map((c) => Math.round(c.getBoundingClientRect().width)));
    assert.ok(steps.length > 1, 'the demo election has rounds');
    assert.ok(steps.every((w) => w > PHONE_WIDTH * 0.8), `a step squeezed on the phone: ${steps.join(', ')}px`);
    await page.screenshot({ path: join(shots, 'election-rounds-phone.png'), fullPage: true });
  } finally {
    await browser.close();
    await server.stop();
  }
});
