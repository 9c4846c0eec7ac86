// The hall's shared device (issue 14): in an encrypted secret session vote, a teller gives two
// delegates without a phone a one-time code each (the teller's item page on a tablet, JavaScript
// off); on the hall's device (360x740, no login) the first votes with JavaScript on (the device
// encrypts: tracking code before casting, then "next voter"), the second with JavaScript off (the
// server encrypts and says so). Both tracking codes are found on the vote's board; a used code
// and a wrong one are refused with their reasons; the page after casting keeps no code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, shots } from './harness.js';
import { PHONE } from './standard.js';
import { encryptAssembly, start, slug, sql } from './encrypted.js';

const TABLET = { width: 800, height: 1280 };

test('delegates without a phone vote on the hall device with one-time codes, with and without JavaScript', async () => {
  const { server, dir, browser, admin, stop } = await start('hall');
  try {
    const account = (username, display_name, role) => api(server, 'POST', '/api/v1/accounts', admin, { username, display_name, role });
    const chairCard = await account('presidencia', 'Presidencia', 'secretary');
    const tellerCard = await account('escrutadora', 'Escrutadora', 'secretary');
    await api(server, 'POST', `/api/v1/assemblies/${slug}/roles`, admin, { account_id: chairCard.id, role: 'presidium' });
    await api(server, 'POST', `/api/v1/assemblies/${slug}/roles`, admin, { account_id: tellerCard.id, role: 'teller' });
    const chair = (await api(server, 'POST', '/api/v1/session', null, { card_code: chairCard.card_code })).token;
    // Two accredited, present delegates with no phone (no account).
    const assembly = Number(sql(server, `SELECT id FROM assemblies WHERE slug = '${slug}'`));
    for (const name of ['Rosa Condori', 'Mario Quispe']) {
      sql(server, `INSERT INTO delegates (assembly_id, organization_id, name, status, created_at)
        VALUES (${assembly}, (SELECT organization_id FROM seat_allocations WHERE assembly_id = ${assembly} AND seats > 0 ORDER BY organization_id LIMIT 1),
        '${name}', 'accredited', '2026-01-01T00:00:00.000Z');
        INSERT INTO attendance (assembly_id, delegate_id, checked_in_at) VALUES (${assembly}, last_insert_rowid(), '2026-01-01T00:00:00.000Z');`);
    }
    // The assembly's secret ballots encrypted, 2 of 3 trustees: the key ceremony on its key board.
    await encryptAssembly(server, admin, dir);

    const s = await api(server, 'POST', '/api/v1/sessions', chair, { assembly_id: assembly, title: 'Sesión inaugural' });
    const item = await api(server, 'POST', `/api/v1/sessions/${s.id}/items`, chair, { title: 'Huelga general' });
    await api(server, 'POST', `/api/v1/sessions/${s.id}/open`, chair, {});
    await api(server, 'POST', `/api/v1/items/${item.id}/open`, chair, {});
    const vote = await api(server, 'POST', '/api/v1/votes', chair,
      { session_id: s.id, item_id: item.id, subject: 'procedure', question: '¿Huelga general indefinida?', secret: true });
    const board = (await api(server, 'GET', `/api/v1/votes/${vote.id}`)).board;
    assert.ok(board, 'the secret vote has its board');

    // The teller, on a tablet without JavaScript, issues a code for each delegate.
    const tellerCtx = await browser.newContext({ viewport: TABLET, locale: 'es-BO', javaScriptEnabled: false });
    const tp = await tellerCtx.newPage();
    await tp.goto(`${server.url}/login`);
    await tp.fill('#card-code', tellerCard.card_code);
    await tp.click('#login-card');
    await tp.waitForLoadState();
    // Picks the delegate named `name` in the teller's list.
    const pick = async (name) => {
      const value = await tp.$eval(`#hall-delegate-${vote.id}`, (sel, n) => [...sel.options].find((o) => o.textContent.includes(n)).value, name);
      await tp.selectOption(`#hall-delegate-${vote.id}`, value);
    };
    const codes = [];
    for (const name of ['Rosa Condori', 'Mario Quispe']) {
      await tp.goto(`${server.url}/sessions/items/${item.id}`);
      await tp.click(`#hall-code-${vote.id} summary`);
      await pick(name);
      await tp.click(`#hall-issue-${vote.id}`);
      await tp.waitForSelector('#hall-issued-code');
      assert.match(await tp.textContent('main'), new RegExp(name));
      codes.push((await tp.textContent('#hall-issued-code')).trim());
      if (codes.length === 1) await tp.screenshot({ path: join(shots, 'hall-code-issued.png'), fullPage: true });
    }
    for (const c of codes) assert.match(c, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // Both are marked as having voted: a second code is refused.
    await tp.goto(`${server.url}/sessions/items/${item.id}`);
    await tp.click(`#hall-code-${vote.id} summary`);
    await pick('Rosa Condori');
    await tp.click(`#hall-issue-${vote.id}`);
    await tp.waitForSelector('#page-error');
    assert.match(await tp.textContent('#page-error'), /Ya votó/);

    // The hall's device, JavaScript on, at 360 px: the first delegate.
    const deviceCtx = await browser.newContext({ viewport: PHONE, locale: 'es-BO', javaScriptEnabled: true });
    const dp = await deviceCtx.newPage();
    await dp.goto(`${server.url}/hall/vote`);
    await dp.fill('#hall-code', codes[0].toLowerCase());
    await dp.click('#hall-enter');
    await dp.waitForSelector('form[data-encrypt-ready]');
    assert.match(await dp.textContent('#hall-vote-title'), /¿Huelga general indefinida\?/);
    await dp.check('#hall-yes');
    await dp.click('#hall-cast');
    await dp.waitForSelector('#encrypt-ready:not([hidden])');
    const shown = (await dp.textContent('#encrypt-code')).trim();
    assert.match(shown, /^[0-9a-f]{64}$/);
    await dp.screenshot({ path: join(shots, 'hall-device-encrypted.png'), fullPage: true });
    await dp.click('#encrypt-cast');
    await dp.waitForSelector('#hall-done');
    assert.equal((await dp.textContent('#tracking-code')).trim(), shown, 'the code shown before casting is the one cast');
    assert.ok(await dp.$('#encrypted-on-device'));
    assert.equal(await dp.$('input[name="code"]'), null, 'the page after casting keeps no code');
    await dp.screenshot({ path: join(shots, 'hall-device-done.png'), fullPage: true });
    // Next voter: a clean page; the used code is refused.
    await dp.click('#hall-next');
    await dp.waitForSelector('#hall-code');
    assert.equal(await dp.inputValue('#hall-code'), '');
    await dp.fill('#hall-code', codes[0]);
    await dp.click('#hall-enter');
    await dp.waitForSelector('#page-error');
    assert.match(await dp.textContent('#page-error'), /ya se usó/);
    await dp.fill('#hall-code', 'AAAA-BBBB-CCCC-DDDD');
    await dp.click('#hall-enter');
    await dp.waitForSelector('#page-error');
    assert.match(await dp.textContent('#page-error'), /no es válido/);
    const cookies = (await deviceCtx.cookies()).map((c) => c.name);
    assert.deepEqual(cookies.filter((n) => n !== 'csrf' && n !== 'lang'), [], `the device keeps no voter's cookie: ${cookies}`);

    // The same device with JavaScript off: the second delegate; the server encrypts and says so.
    const plainCtx = await browser.newContext({ viewport: PHONE, locale: 'es-BO', javaScriptEnabled: false });
    const pp = await plainCtx.newPage();
    await pp.goto(`${server.url}/hall/vote`);
    await pp.fill('#hall-code', codes[1]);
    await pp.click('#hall-enter');
    await pp.waitForSelector('#hall-vote-title');
    assert.ok(await pp.isVisible('#server-encrypts'));
    await pp.screenshot({ path: join(shots, 'hall-device-nojs-ballot.png'), fullPage: true });
    await pp.check('#hall-no');
    await pp.click('#hall-cast');
    await pp.waitForSelector('#hall-done');
    assert.ok(await pp.$('#server-encrypted'));
    const second = (await pp.textContent('#tracking-code')).trim();
    await pp.screenshot({ path: join(shots, 'hall-device-nojs-done.png'), fullPage: true });

    // Both ballots are on the vote's board; no page is wider than the phone.
    for (const code of [shown, second]) {
      await pp.goto(`${server.url}/boards/${board}?code=${code}`);
      assert.ok(await pp.$('#board-found'), `${code} on the board`);
    }
    const v = await api(server, 'GET', `/api/v1/votes/${vote.id}`);
    assert.equal(v.voted, 2);
    for (const page of [dp, pp]) {
      await page.goto(`${server.url}/hall/vote`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
    }
  } finally {
    await stop();
  }
});
