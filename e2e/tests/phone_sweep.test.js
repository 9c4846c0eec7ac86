// Every screen on a 360px phone, JavaScript off: the pages reachable by links from "/" (and, for
// the administrator, from the administrator's own pages) are crawled breadth-first, as the
// administrator and as an anonymous visitor, and none may scroll sideways or fail with a 5xx.
// The demo is completed through the JSON API first (members, a secretary, a closed and a running
// election, an accredited and checked-in delegate, a closed session with minutes and an open one
// with a vote) so that every kind of page has something to show. A failure lists every page at
// fault with its width and the innermost elements that reach past the edge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, phone, api } from './harness.js';

const slug = 'asamblea-popular-1971';
const PHONE_WIDTH = 360;
const MAX_PAGES = 120; // per role
const MAX_PER_SHAPE = 10; // pages of one route shape (ids replaced), so the cap buys variety

/** Creates what the demo lacks; returns the admin's token and the pages made. */
async function populate(server) {
  const setupToken = server.setupLink.split('/').pop();
  const admin = (await api(server, 'POST', '/api/v1/setup', null,
    { token: setupToken, username: 'admin', display_name: 'Secretaría General', password: 'una contraseña larga' })).token;
  const me = await api(server, 'GET', '/api/v1/me', admin);
  const assembly = (await api(server, 'GET', '/api/v1/assemblies')).find((a) => a.slug === slug).id;
  for (const role of ['credentials', 'presidium', 'teller']) {
    await api(server, 'POST', `/api/v1/assemblies/${slug}/roles`, admin, { account_id: me.id, role });
  }

  const seats = await api(server, 'GET', `/api/v1/assemblies/${slug}/seats`);
  const orgs = seats.sectors.flatMap((s) => s.organizations).filter((o) => o.seats > 0);
  const fstpb = orgs.find((o) => o.short_name === 'FSTPB');
  const other = orgs.find((o) => o.id !== fstpb.id);

  // A secretary of the organization, and members with the long names and e-mails of real life.
  const secretary = await api(server, 'POST', '/api/v1/accounts', admin,
    { username: 'secretaria.actas.fstpb', display_name: 'Secretaría de Actas FSTPB', role: 'secretary' });
  await api(server, 'POST', `/api/v1/organizations/${fstpb.id}/secretaries`, admin, { account_id: secretary.id });
  const names = ['Rosa Condori Mamani', 'Mario Quispe Huanca', 'Teresa Mamani de Choque', 'Juan Evangelista Limachi Flores'];
  const members = [];
  for (const [i, name] of names.entries()) {
    members.push((await api(server, 'POST', `/api/v1/organizations/${fstpb.id}/members`, admin, {
      member_number: `FSTPB-2024-${String(i + 1).padStart(5, '0')}`, name,
      phone: '+591 2 2401234', email: `${name.toLowerCase().replaceAll(' ', '.')}@sindicato-fabriles-la-paz.org.bo`,
    })).id);
  }

  // A closed election: its delegates go to the credentials commission.
  const election = (await api(server, 'POST', '/api/v1/elections', admin,
    { assembly_id: assembly, organization_id: fstpb.id, method: 'plurality', substitutes: 1 })).id;
  const candidates = [];
  for (const m of members.slice(0, 3)) {
    candidates.push((await api(server, 'POST', `/api/v1/elections/${election}/candidates`, admin, { member_id: m })).id);
  }
  const codes = await api(server, 'POST', `/api/v1/elections/${election}/voting`, admin, {});
  for (const [i, c] of codes.entries()) {
    await api(server, 'POST', '/api/v1/vote', null, { code: c.code, choices: [String(candidates[i % 2])] });
  }
  await api(server, 'POST', `/api/v1/elections/${election}/close`, admin, {});

  // Credentials: the first delegate accredited (and checked in), the others left pending.
  const delegates = await api(server, 'GET', `/api/v1/assemblies/${slug}/delegates?organization_id=${fstpb.id}`);
  assert.ok(delegates.length > 0, 'the election registered delegates');
  const accredited = await api(server, 'POST', `/api/v1/delegates/${delegates[0].id}/accredit`, admin,
    { reason: 'Acta de elección y credencial firmadas por la directiva' });
  // The delegate's phone asks for a pickup, the commission approves it, the phone collects.
  const pickup = await api(server, 'POST', '/api/v1/card-pickups', null, {});
  await api(server, 'POST', `/api/v1/delegates/${delegates[0].id}/card`, admin, { pickup: pickup.number });
  const cardCode = (await api(server, 'POST', '/api/v1/card-pickups/collect', null, { secret: pickup.secret })).card_code;
  await api(server, 'POST', `/api/v1/assemblies/${slug}/check-in`, admin, { badge: accredited.badge });
  const delegate = (await api(server, 'POST', '/api/v1/session', null, { card_code: cardCode })).token;

  // A second election, still voting.
  const otherMembers = [];
  for (const [i, name] of ['Felipa Ticona', 'Gregorio Apaza Nina'].entries()) {
    otherMembers.push((await api(server, 'POST', `/api/v1/organizations/${other.id}/members`, admin,
      { member_number: `${i + 1}`, name })).id);
  }
  const running = (await api(server, 'POST', '/api/v1/elections', admin,
    { assembly_id: assembly, organization_id: other.id, method: 'approval', substitutes: 0 })).id;
  for (const m of otherMembers) await api(server, 'POST', `/api/v1/elections/${running}/candidates`, admin, { member_id: m });
  await api(server, 'POST', `/api/v1/elections/${running}/voting`, admin, {});

  // A closed session: an item with a speaker, a motion, an amendment and two votes; then minutes.
  const closed = await api(server, 'POST', '/api/v1/sessions', admin,
    { assembly_id: assembly, title: 'Sesión inaugural de la Asamblea Popular', planned_at: '1971-06-22 09:00' });
  const item = await api(server, 'POST', `/api/v1/sessions/${closed.id}/items`, admin, {
    title: 'Huelga general e insurrección en caso de golpe de Estado',
    description: 'Informe de la comisión política sobre la defensa de la Asamblea.',
    planned_minutes: 90, links: 'https://www.example.org/documentos/tesis-de-pulacayo-1946-texto-completo.pdf',
  });
  await api(server, 'POST', `/api/v1/sessions/${closed.id}/items`, admin, { title: 'Reglamento de debates' });
  await api(server, 'POST', `/api/v1/sessions/${closed.id}/open`, admin, {});
  await api(server, 'POST', `/api/v1/items/${item.id}/open`, admin, {});
  await api(server, 'POST', `/api/v1/items/${item.id}/speakers`, delegate, { kind: 'for' });
  await api(server, 'POST', `/api/v1/items/${item.id}/speakers/next`, admin, {});
  const motion = await api(server, 'POST', '/api/v1/motions', delegate, {
    item_id: item.id, title: 'Declarar la huelga general indefinida',
    body: 'La Asamblea Popular declara la huelga general indefinida con ocupación de minas y fábricas.\n\nLos comités de huelga se coordinan con el Comando Político.',
  });
  const amendment = await api(server, 'POST', '/api/v1/motions', delegate,
    { item_id: item.id, parent_id: motion.id, op: 'replace', paragraph: 2, body: 'Los comités de huelga responden a la Asamblea.' });
  const procedure = await api(server, 'POST', '/api/v1/votes', admin,
    { session_id: closed.id, item_id: item.id, subject: 'procedure', question: '¿Se declara la sesión permanente?' });
  await api(server, 'POST', `/api/v1/votes/${procedure.id}/ballots`, delegate, { choice: 'yes' });
  await api(server, 'POST', `/api/v1/votes/${procedure.id}/close`, admin, {});
  const onAmendment = await api(server, 'POST', '/api/v1/votes', admin,
    { session_id: closed.id, item_id: item.id, subject: 'motion', motion_id: amendment.id });
  await api(server, 'POST', `/api/v1/votes/${onAmendment.id}/ballots`, delegate, { choice: 'no' });
  await api(server, 'POST', `/api/v1/votes/${onAmendment.id}/close`, admin, {});
  const onMotion = await api(server, 'POST', '/api/v1/votes', admin,
    { session_id: closed.id, item_id: item.id, subject: 'motion', motion_id: motion.id });
  await api(server, 'POST', `/api/v1/votes/${onMotion.id}/ballots`, delegate, { choice: 'yes' });
  await api(server, 'POST', `/api/v1/votes/${onMotion.id}/close`, admin, {});
  await api(server, 'POST', `/api/v1/items/${item.id}/close`, admin, {});
  await api(server, 'POST', `/api/v1/sessions/${closed.id}/close`, admin, {});

  // An open session with a secret vote among options in progress.
  const open = await api(server, 'POST', '/api/v1/sessions', admin, { assembly_id: assembly, title: 'Segunda sesión' });
  const openItem = await api(server, 'POST', `/api/v1/sessions/${open.id}/items`, admin, { title: 'Elección de la comisión de prensa' });
  await api(server, 'POST', `/api/v1/sessions/${open.id}/open`, admin, {});
  await api(server, 'POST', `/api/v1/items/${openItem.id}/open`, admin, {});
  const choice = await api(server, 'POST', '/api/v1/votes', admin, {
    session_id: open.id, item_id: openItem.id, subject: 'procedure', question: '¿Qué periódico publica las actas?',
    method: 'choose_one', options: ['El Diario', 'Presencia', 'Boletín de la Asamblea Popular'], secret: true,
  });

  const pages = [
    `/organizations/${fstpb.id}`, `/elections/${election}`, `/elections/${running}`,
    `/delegates/${delegates[0].id}`, `/assemblies/${slug}/delegates`, `/assemblies/${slug}/elections`,
    `/assemblies/${slug}/sessions`, `/sessions/${closed.id}`, `/sessions/items/${item.id}`,
    `/sessions/votes/${procedure.id}`, `/sessions/votes/${onMotion.id}`, `/sessions/${closed.id}/minutes`,
    `/sessions/${open.id}`, `/sessions/items/${openItem.id}`, `/sessions/votes/${choice.id}`,
  ];
  return { admin, pages };
}

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

/** In the page: the innermost elements that reach past `limit`, named like CSS selectors. */
function widest(limit) {
  const name = (e) => e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '')
    + [...e.classList].map((c) => `.${c}`).join('');
  const over = [...document.body.querySelectorAll('*')]
    .filter((e) => e.getBoundingClientRect().right > limit + 0.5)
    .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > limit + 0.5));
  return over.slice(0, 3).map((e) => {
    const chain = [];
    for (let x = e; x && x !== document.body && chain.length < 4; x = x.parentElement) chain.unshift(name(x));
    return `${chain.join(' > ')} (${Math.round(e.getBoundingClientRect().right)}px)`;
  });
}

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
    visited.push({ path: here, from: here !== path ? path : undefined, status, width, culprits });
    for (const href of await page.$$eval('a[href]', (as) => as.map((a) => a.href))) enqueue(candidate(server, href));
  }
  return visited;
}

test('every page fits a 360px phone without JavaScript, for the administrator and the public', async () => {
  const started = Date.now();
  const server = await startServer({ demo: true });
  const { browser, page } = await phone('es-BO');
  try {
    const { pages } = await populate(server);

    // The administrator logs in in the browser with the password.
    await page.goto(`${server.url}/login`);
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', 'una contraseña larga');
    await page.click('#login-password-submit');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const asAdmin = await sweep(server, page,
      ['/', '/account', '/admin/accounts', '/organizations', '/organizations/new', '/organizations/import',
        '/sectors', '/assemblies/new', `/assemblies/${slug}/plan`, ...pages]);

    // The public: a fresh context, no cookies.
    const anonymous = await browser.newContext({ viewport: { width: PHONE_WIDTH, height: 740 }, locale: 'es-BO', javaScriptEnabled: false });
    const asPublic = await sweep(server, await anonymous.newPage(), ['/', ...pages]);

    const problems = [];
    for (const [role, visited] of [['administrator', asAdmin], ['anonymous', asPublic]]) {
      for (const v of visited) {
        const where = `${role} ${v.path}${v.from ? ` (from ${v.from})` : ''}`;
        if (v.status >= 500) problems.push(`${where}: status ${v.status}`);
        if (v.width > PHONE_WIDTH) problems.push(`${where}: ${v.width}px wide; reaching past: ${v.culprits.join(', ')}`);
      }
    }
    console.log(`swept ${asAdmin.length} pages as administrator and ${asPublic.length} anonymously in ${Date.now() - started} ms`);
    if (process.env.SWEEP_LIST) { // SWEEP_LIST=1 prints every page visited
      for (const [role, visited] of [['administrator', asAdmin], ['anonymous', asPublic]]) {
        for (const v of visited) console.log(`${role} ${v.status} ${v.width}px ${v.path}${v.from ? ` (from ${v.from})` : ''}`);
      }
    }
    assert.ok(asAdmin.length >= 40, `the administrator's sweep reached only ${asAdmin.length} pages`);
    assert.ok(asPublic.length >= 20, `the public sweep reached only ${asPublic.length} pages`);
    assert.equal(problems.length, 0, `pages that scroll sideways on a ${PHONE_WIDTH}px phone or fail:\n${problems.join('\n')}`);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test("the demo story's public pages fit a 360px phone without JavaScript", async () => {
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
    console.log(`swept ${visited.length} pages of the demo story`);
    assert.ok(visited.length >= 20, `the sweep reached only ${visited.length} pages`);
    assert.ok(visited.some((v) => v.path === '/sessions/1/minutes' && v.status === 200), 'the minutes were swept');
    assert.equal(problems.length, 0, `pages that scroll sideways on a ${PHONE_WIDTH}px phone or fail:\n${problems.join('\n')}`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
