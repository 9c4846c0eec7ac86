// An encrypted secret session vote on phones (issue 14): the assembly's secret ballots are
// encrypted (2 of 3 trustees run the key ceremony with `asamblea trustee`). Juana votes on the
// item page with JavaScript on: the page loads the WebAssembly, she taps "Sí", the tracking code
// shows before casting, she challenges that ballot (it opens, is never cast), casts the new one,
// and the request carries the encrypted ballot alone (no choice). Pedro votes with JavaScript
// off: the same buttons post his choice and the server encrypts (the page says so). Each finds
// his or her code on the vote's board; the trustees decrypt and the result counts both. In an
// approval vote the phone refuses a ballot with nothing marked, as the server does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, shots } from './harness.js';
import { PHONE } from './standard.js';
import { encryptAssembly, start, run, slug, sql } from './encrypted.js';


/** Logs in with a card on a new phone context; returns the page. */
async function phoneOf(browser, server, card, javaScriptEnabled) {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'es-BO', javaScriptEnabled });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#card-code', card);
  await page.click('#login-card');
  await page.waitForURL('**/now');
  return page;
}

test('a delegate encrypts a secret session vote on the phone; another votes without JavaScript', async () => {
  const { server, dir, browser, admin, stop } = await start('session-enc');
  try {
    const chairCard = await api(server, 'POST', '/api/v1/accounts', admin, { username: 'presidencia', display_name: 'Presidencia', role: 'secretary' });
    const chair = (await api(server, 'POST', '/api/v1/session', null, { card_code: chairCard.card_code })).token;
    await api(server, 'POST', `/api/v1/assemblies/${slug}/roles`, admin, { account_id: chairCard.id, role: 'presidium' });
    const assembly = Number(sql(server, `SELECT id FROM assemblies WHERE slug = '${slug}'`));
    // Two accredited titular voting delegates of different organizations, checked in.
    const cards = {};
    for (const [i, [username, name]] of [['juana.mamani', 'Juana Mamani'], ['pedro.condori', 'Pedro Condori']].entries()) {
      const account = await api(server, 'POST', '/api/v1/accounts', admin, { username, display_name: name, role: 'delegate' });
      cards[username] = account.card_code;
      sql(server, `INSERT INTO delegates (assembly_id, organization_id, account_id, name, status, created_at)
        VALUES (${assembly}, (SELECT organization_id FROM seat_allocations WHERE assembly_id = ${assembly} AND seats > 0 ORDER BY organization_id LIMIT 1 OFFSET ${i}),
        ${account.id}, '${name}', 'accredited', '2026-01-01T00:00:00.000Z');
        INSERT INTO attendance (assembly_id, delegate_id, checked_in_at) VALUES (${assembly}, last_insert_rowid(), '2026-01-01T00:00:00.000Z');`);
    }

    // Encrypted secret ballots, 2 of 3 trustees; the ceremony on the assembly's key board.
    const { kb, secret } = await encryptAssembly(server, admin, dir);

    const s = await api(server, 'POST', '/api/v1/sessions', chair, { assembly_id: assembly, title: 'Sesión extraordinaria' });
    const item = await api(server, 'POST', `/api/v1/sessions/${s.id}/items`, chair, { title: 'Huelga general' });
    await api(server, 'POST', `/api/v1/sessions/${s.id}/open`, chair, {});
    await api(server, 'POST', `/api/v1/items/${item.id}/open`, chair, {});
    const vote = await api(server, 'POST', '/api/v1/votes', chair,
      { session_id: s.id, item_id: item.id, subject: 'procedure', question: '¿Huelga general indefinida?', secret: true });
    const board = (await api(server, 'GET', `/api/v1/votes/${vote.id}`)).board;
    assert.ok(board, 'the vote has its board');

    // Juana, JavaScript on: the item page may compile WebAssembly and encrypts on the phone.
    const juana = await phoneOf(browser, server, cards['juana.mamani'], true);
    const cspErrors = [];
    juana.on('console', (m) => { if (m.type() === 'error') cspErrors.push(m.text()); });
    const response = await juana.goto(`${server.url}/sessions/items/${item.id}`);
    assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval';/);
    await juana.waitForSelector(`#ballot-form-${vote.id}[data-encrypt-ready]`, { timeout: 20000 });
    assert.equal(await juana.isVisible(`#server-encrypts-${vote.id}`), false, 'the server-encrypts note is hidden');
    assert.match(await juana.textContent(`#encrypt-note-${vote.id}`), /se cifra en este dispositivo/);
    await juana.click('#vote-yes');
    await juana.waitForSelector(`#encrypt-ready-${vote.id}:not([hidden])`);
    const first = (await juana.textContent(`#encrypt-code-${vote.id}`)).trim();
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.match(await juana.textContent(`#encrypt-chosen-${vote.id}`), /Sí/);
    assert.equal(await juana.getAttribute('#vote-yes', 'aria-pressed'), 'true');
    await juana.screenshot({ path: join(shots, 'session-encrypted-ready.png'), fullPage: true });
    // The challenge: the ballot opens (it held "Sí"), is never cast, and a new one is made.
    await juana.click(`#encrypt-challenge-${vote.id}`);
    await juana.waitForSelector(`#encrypt-audit-${vote.id}:not([hidden])`);
    assert.match(await juana.textContent(`#encrypt-audit-result-${vote.id}`), /Verificado/);
    assert.match(await juana.textContent(`#encrypt-audit-choices-${vote.id}`), /Sí/);
    await juana.waitForSelector(`#encrypt-ready-${vote.id}:not([hidden])`);
    const code = (await juana.textContent(`#encrypt-code-${vote.id}`)).trim();
    assert.notEqual(code, first, 'a new ballot after the challenge');
    // A live refresh (another act of the assembly) leaves the ballot being made alone.
    await juana.waitForSelector('[data-live-open]', { timeout: 10000 });
    await api(server, 'POST', `/api/v1/sessions/${s.id}/items`, chair, { title: 'Varios' });
    await juana.waitForTimeout(700);
    assert.equal((await juana.textContent(`#encrypt-code-${vote.id}`)).trim(), code, 'the prepared ballot survives a live refresh');
    await juana.screenshot({ path: join(shots, 'session-encrypted-challenged.png'), fullPage: true });
    // Cast: only the encrypted ballot (and the form's csrf, version and key) is posted.
    const posted = juana.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/sessions/votes/${vote.id}/ballot`));
    await juana.click(`#encrypt-cast-${vote.id}`);
    const body = new URLSearchParams((await posted).postData());
    assert.ok(body.get('ballot_json'), 'the encrypted ballot is sent');
    assert.equal(body.get('choice'), null, 'no choice is sent');
    assert.deepEqual([...body.keys()].sort(), ['ballot_json', 'cast_key', 'csrf', 'version']);
    await juana.waitForSelector('.tracking-code');
    assert.equal((await juana.textContent('.tracking-code')).trim(), code, 'the receipt shows the tracking code');
    assert.match(await juana.textContent('#encrypted-on-device'), /cifró en este teléfono/);
    await juana.screenshot({ path: join(shots, 'session-encrypted-receipt.png'), fullPage: true });
    await juana.click(`a[href="/boards/${board}?code=${code}"]`);
    assert.match(await juana.textContent('#board-found'), /está en el tablero/);
    assert.equal(cspErrors.filter((e) => /Content Security Policy|WebAssembly|Refused/i.test(e)).length, 0, cspErrors.join('\n'));
    const width = await juana.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling (${width}px)`);

    // Pedro, JavaScript off: "Votar ahora" leads to the vote's page, whose form posts the choice;
    // the server encrypts and says so.
    const pedro = await phoneOf(browser, server, cards['pedro.condori'], false);
    await pedro.goto(`${server.url}/sessions/votes/${vote.id}`);
    assert.match(await pedro.textContent(`#server-encrypts-${vote.id}`), /el servidor cifra su papeleta/);
    await pedro.click('#vote-no');
    await pedro.waitForSelector('.tracking-code');
    const pedroCode = (await pedro.textContent('.tracking-code')).trim();
    assert.match(await pedro.textContent('#encrypted-by-server'), /servidor cifró su papeleta/);
    await pedro.screenshot({ path: join(shots, 'session-encrypted-nojs-receipt.png'), fullPage: true });
    await pedro.click(`a[href="/boards/${board}?code=${pedroCode}"]`);
    assert.match(await pedro.textContent('#board-found'), /está en el tablero/);

    // The close; two of three trustees decrypt; the result counts both ballots.
    await api(server, 'POST', `/api/v1/votes/${vote.id}/close`, chair, {});
    for (const i of [1, 3]) run('trustee', 'follow', '--board', kb, '--secret', secret(i), '--once');
    const result = (await api(server, 'GET', `/api/v1/votes/${vote.id}`)).result;
    assert.deepEqual([result.yes, result.no, result.abstain], [1, 1, 0]);

    // An approval vote: with JavaScript, as without, a ballot with nothing marked is refused
    // (the page's help says so) before anything is encrypted; one mark is encrypted.
    const approval = await api(server, 'POST', '/api/v1/votes', chair,
      { session_id: s.id, item_id: item.id, subject: 'procedure', question: '¿Comité de huelga?', method: 'approval', options: ['Ana', 'Beto', 'Carla'], secret: true });
    await juana.goto(`${server.url}/sessions/votes/${approval.id}`);
    await juana.waitForSelector(`#ballot-form-${approval.id}[data-encrypt-ready]`, { timeout: 20000 });
    assert.match(await juana.textContent(`#approval-help-${approval.id}`), /sin ninguna marca no se acepta/);
    await juana.click(`#vote-cast-${approval.id}`);
    await juana.waitForSelector(`#encrypt-error-${approval.id}:not([hidden])`);
    assert.match(await juana.textContent(`#encrypt-error-${approval.id}`), /marque al menos una opción/);
    assert.equal(await juana.isVisible(`#encrypt-ready-${approval.id}`), false, 'no ballot is made');
    await juana.check(`#vote-option-${approval.id}-1`);
    await juana.click(`#vote-cast-${approval.id}`);
    await juana.waitForSelector(`#encrypt-ready-${approval.id}:not([hidden])`);
    assert.equal(await juana.isVisible(`#encrypt-error-${approval.id}`), false);
  } finally {
    await stop();
  }
});
