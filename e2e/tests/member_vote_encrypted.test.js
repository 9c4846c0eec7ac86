// A member's encrypted election on `/vote` (issue 14), on a 360x740 phone in Spanish: the
// assembly's secret ballots are encrypted (2 of 3 trustees), a plurality election of FSTPB is in
// its vote with one-time codes. With JavaScript the phone encrypts: the tracking code shows
// before casting, a challenged ballot is never cast (the new one has another code), and the POST
// carries the encrypted ballot alone (no `pick_*`). "Vote blank" encrypts a ballot with nothing
// marked, and is refused if anything is marked; "Vote" with nothing marked is refused on the
// phone with the server's message. Without JavaScript the server encrypts and the page says so.
// An approval election: the same refusal, then a ballot of two candidates. A plurality of one
// seat: two marks are refused on the phone with the server's "too many". The trustees decrypt
// and the result counts every ballot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, shots } from './harness.js';
import { PHONE } from './standard.js';
import { encryptAssembly, start, run, slug } from './encrypted.js';

/** Opens a new phone (JavaScript on or off) on the ballot of `code`. */
async function ballotOf(browser, server, code, javaScriptEnabled) {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'es-BO', javaScriptEnabled });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/vote`);
  await page.fill('#vote-code', code);
  const shown = page.waitForResponse((r) => r.url().endsWith('/vote') && r.request().method() === 'POST');
  await page.click('#vote-open');
  const csp = (await shown).headers()['content-security-policy'];
  if (javaScriptEnabled) await page.waitForSelector('#vote-form[data-encrypt-ready]', { timeout: 20000 });
  return { page, csp };
}

async function noSideways(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling on ${what} (${width}px)`);
}

/** Opens an election of `organization` with `method` and candidates `members`; starts its vote. */
async function election(server, admin, organization, method, members) {
  const id = (await api(server, 'POST', '/api/v1/elections', admin,
    { assembly_id: 1, organization_id: organization, method, substitutes: 1 })).id;
  const candidates = [];
  for (const m of members) {
    candidates.push((await api(server, 'POST', `/api/v1/elections/${id}/candidates`, admin, { member_id: m })).id);
  }
  const codes = (await api(server, 'POST', `/api/v1/elections/${id}/voting`, admin, { confirm: true })).map((c) => c.code);
  const board = (await api(server, 'GET', `/api/v1/elections/${id}`)).board;
  assert.ok(board, `the ${method} election has its board`);
  return { id, candidates, codes, board };
}

test('a member encrypts an election ballot on the phone; blank and empty ballots are judged as the server does', async () => {
  const { server, dir, browser, admin, stop } = await start('member-enc');
  try {
    const { kb, secret } = await encryptAssembly(server, admin, dir);
    const seats = await api(server, 'GET', `/api/v1/assemblies/${slug}/seats`);
    const orgs = seats.sectors.flatMap((s) => s.organizations).filter((o) => o.seats > 0);
    const members = async (org, prefix, names) => {
      const ids = [];
      for (const [i, name] of names.entries()) {
        ids.push((await api(server, 'POST', `/api/v1/organizations/${org.id}/members`, admin,
          { member_number: `${prefix}-${i + 1}`, name })).id);
      }
      return ids;
    };
    const fstpb = orgs.find((o) => o.short_name === 'FSTPB');
    const people = await members(fstpb, 'P', ['Rosa Condori', 'Mario Quispe', 'Teresa Mamani']);
    const plurality = await election(server, admin, fstpb.id, 'plurality', people.slice(0, 2));
    assert.equal(plurality.codes.length, 3);
    const [rosa, mario] = plurality.candidates;

    // (a) JavaScript on: mark, tracking code, challenge once, cast; only the encrypted ballot posts.
    const { page: a, csp } = await ballotOf(browser, server, plurality.codes[0].toLowerCase(), true);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/, 'the ballot may compile WebAssembly');
    assert.equal(await a.isVisible('#server-encrypts'), false, 'the server-encrypts note is hidden');
    assert.match(await a.textContent('#encrypt-note'), /se cifra en este dispositivo/);
    assert.match(await a.textContent('#vote-cast'), /Cifrar mi papeleta/);
    assert.match(await a.textContent('main'), /Marque hasta 2 candidaturas/, 'six seats, two candidates: up to two');
    await a.check(`#pick-${rosa}`);
    await a.click('#vote-cast');
    await a.waitForSelector('#encrypt-ready:not([hidden])');
    const first = (await a.textContent('#encrypt-code')).trim();
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.match(await a.textContent('#encrypt-chosen'), /Rosa Condori/);
    await noSideways(a, 'the encrypted ballot');
    await a.screenshot({ path: join(shots, 'member-vote-encrypted-ready.png'), fullPage: true });
    await a.click('#encrypt-challenge');
    await a.waitForSelector('#encrypt-audit:not([hidden])');
    assert.match(await a.textContent('#encrypt-audit-result'), /Verificado/);
    assert.match(await a.textContent('#encrypt-audit-choices'), /Rosa Condori/);
    await a.waitForSelector('#encrypt-ready:not([hidden])');
    const code = (await a.textContent('#encrypt-code')).trim();
    assert.notEqual(code, first, 'the challenged ballot is never cast: a new one, with a new code');
    const posted = a.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/vote/cast'));
    await a.click('#encrypt-cast');
    const body = new URLSearchParams((await posted).postData());
    assert.deepEqual([...body.keys()].sort(), ['ballot_json', 'cast_key', 'code', 'csrf'], 'no pick_* leaves the phone');
    await a.waitForSelector('#vote-done');
    assert.match(await a.textContent('#encrypted-on-device'), /se cifró en este dispositivo/);
    assert.equal(await a.$('#server-encrypted'), null);
    assert.equal((await a.textContent('.tracking-code')).trim(), code, 'the code shown before casting is the one cast');
    await a.screenshot({ path: join(shots, 'member-vote-encrypted-done.png'), fullPage: true });
    await a.click(`a[href="/boards/${plurality.board}?code=${code}"]`);
    assert.match(await a.textContent('#board-found'), /está en el tablero/);

    // (c, d) JavaScript on: "Vote" with nothing marked is refused on the phone with the server's
    // message; "Vote blank" with a mark too; "Vote blank" with nothing marked encrypts a blank.
    const { page: c } = await ballotOf(browser, server, plurality.codes[1], true);
    await c.click('#vote-cast');
    await c.waitForSelector('#encrypt-error:not([hidden])');
    assert.match(await c.textContent('#encrypt-error'), /La papeleta está vacía/);
    assert.equal(await c.isVisible('#encrypt-ready'), false, 'no ballot is made');
    await c.screenshot({ path: join(shots, 'member-vote-encrypted-empty.png'), fullPage: true });
    await c.check(`#pick-${mario}`);
    await c.click('#vote-blank');
    await c.waitForSelector('#encrypt-error:not([hidden])');
    assert.match(await c.textContent('#encrypt-error'), /Quite las marcas/);
    assert.equal(await c.isVisible('#encrypt-ready'), false, 'no ballot is made');
    await c.uncheck(`#pick-${mario}`);
    await c.click('#vote-blank');
    await c.waitForSelector('#encrypt-ready:not([hidden])');
    assert.equal(await c.isVisible('#encrypt-error'), false);
    assert.match(await c.textContent('#encrypt-chosen'), /ninguna/);
    // The challenge of a blank ballot makes a new blank one (not refused as empty).
    await c.click('#encrypt-challenge');
    await c.waitForSelector('#encrypt-audit:not([hidden])');
    await c.waitForSelector('#encrypt-ready:not([hidden])');
    assert.equal(await c.isVisible('#encrypt-error'), false);
    const blankPost = c.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/vote/cast'));
    await c.click('#encrypt-cast');
    assert.equal(new URLSearchParams((await blankPost).postData()).get('blank'), null);
    await c.waitForSelector('#encrypted-on-device');

    // (b) JavaScript off: the server encrypts, and the page says so before and after.
    const { page: b, csp: plainCsp } = await ballotOf(browser, server, plurality.codes[2], false);
    assert.match(plainCsp, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.match(await b.textContent('#server-encrypts'), /el servidor cifra su papeleta/);
    assert.equal(await b.isVisible('[data-encrypt-panel]'), false);
    await noSideways(b, 'the ballot without JavaScript');
    await b.check(`#pick-${mario}`);
    await b.click('#vote-cast');
    await b.waitForSelector('#vote-done');
    assert.match(await b.textContent('#server-encrypted'), /El servidor cifró esta papeleta/);
    assert.equal(await b.$('#encrypted-on-device'), null);
    await b.screenshot({ path: join(shots, 'member-vote-server-encrypted.png'), fullPage: true });

    // Approval (another organization): the phone refuses an empty ballot, then casts two marks.
    const other = orgs.find((o) => o.id !== fstpb.id);
    const voters = await members(other, 'A', ['Ana Flores', 'Luis Choque', 'Eva Huanca']);
    const approval = await election(server, admin, other.id, 'approval', voters);
    const { page: p } = await ballotOf(browser, server, approval.codes[0], true);
    await p.click('#vote-cast');
    await p.waitForSelector('#encrypt-error:not([hidden])');
    assert.match(await p.textContent('#encrypt-error'), /La papeleta está vacía/);
    await p.check(`#pick-${approval.candidates[0]}`);
    await p.check(`#pick-${approval.candidates[2]}`);
    await p.click('#vote-cast');
    await p.waitForSelector('#encrypt-ready:not([hidden])');
    assert.equal(await p.isVisible('#encrypt-error'), false);
    assert.match(await p.textContent('#encrypt-chosen'), /Ana Flores, Eva Huanca/);
    await p.click('#encrypt-cast');
    await p.waitForSelector('#encrypted-on-device');

    // (e) A plurality of one seat: two marks are refused on the phone with the server's message
    // (the module would refuse them too, in no words the voter understands); one mark is made.
    const single = orgs.find((o) => o.seats === 1 && o.id !== fstpb.id && o.id !== other.id);
    assert.ok(single, 'the demo has an organization with one seat');
    const singles = await members(single, 'U', ['Irma Poma', 'Juan Apaza']);
    const one = await election(server, admin, single.id, 'plurality', singles);
    const { page: u } = await ballotOf(browser, server, one.codes[0], true);
    assert.match(await u.textContent('main'), /Marque hasta una candidatura/);
    await u.check(`#pick-${one.candidates[0]}`);
    await u.check(`#pick-${one.candidates[1]}`);
    await u.click('#vote-cast');
    await u.waitForSelector('#encrypt-error:not([hidden])');
    assert.equal((await u.textContent('#encrypt-error')).trim(), 'Marcó más candidaturas que puestos en elección.');
    // On a 740 px phone the message is below the buttons: it is brought into view.
    assert.ok(await u.evaluate(() => {
      const r = document.querySelector('#encrypt-error').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight + 1; // (sub-pixel layout)
    }), 'the refusal is in view');
    assert.equal(await u.isVisible('#encrypt-ready'), false, 'no ballot is made');
    await u.screenshot({ path: join(shots, 'member-vote-encrypted-too-many.png'), fullPage: true });
    await u.uncheck(`#pick-${one.candidates[1]}`);
    await u.click('#vote-cast');
    await u.waitForSelector('#encrypt-ready:not([hidden])');
    assert.equal(await u.isVisible('#encrypt-error'), false);
    assert.match(await u.textContent('#encrypt-chosen'), /Irma Poma/);

    // The close; two trustees decrypt; the plurality counts Rosa's, Mario's and the blank (six
    // seats: both elected).
    await api(server, 'POST', `/api/v1/elections/${plurality.id}/close`, admin, {});
    await b.goto(`${server.url}/elections/${plurality.id}`);
    assert.match(await b.textContent('#election-status'), /En escrutinio/, 'closed, but waiting for the trustees');
    assert.match(await b.textContent('#election-counting'), /0 de 2/);
    for (const i of [1, 3]) run('trustee', 'follow', '--board', kb, '--secret', secret(i), '--once');
    await b.goto(`${server.url}/elections/${plurality.id}`);
    assert.match(await b.textContent('#election-voted'), /3 \/ 3/);
    assert.match(await b.textContent('#elected'), /Rosa Condori.*Mario Quispe/s);
  } finally {
    await stop();
  }
});
