// Sessions through a browser: a delegate on a 360px phone (JavaScript off) asks to speak and
// votes; the projector (JavaScript on, in its own context) shows the closed result within a
// second, pushed by /events and live.js. The chair acts through the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { shots, api, startServer } from './harness.js';

const slug = 'asamblea-popular-1971';

function sql(server, statement) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.db, statement]).toString().trim();
}

test('a delegate asks to speak and votes on a phone; the projector shows the result within a second', async () => {
  const server = await startServer({ demo: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const admin = (await api(server, 'POST', '/api/v1/setup', null,
      { token: server.setup, username: 'admin', display_name: 'Admin', password: 'una contraseña larga' })).token;
    const chairCard = await api(server, 'POST', '/api/v1/accounts', admin, { username: 'presidencia', display_name: 'Presidencia', role: 'secretary' });
    const chair = (await api(server, 'POST', '/api/v1/session', null, { card_code: chairCard.card_code })).token;
    await api(server, 'POST', `/api/v1/assemblies/${slug}/roles`, admin, { account_id: chairCard.id, role: 'presidium' });
    const juana = await api(server, 'POST', '/api/v1/accounts', admin, { username: 'juana.mamani', display_name: 'Juana Mamani', role: 'delegate' });
    const mario = await api(server, 'POST', '/api/v1/accounts', admin, { username: 'mario.ticona', display_name: 'Mario Ticona', role: 'delegate' });
    // Seat Juana and Mario (accredited titular voting delegates) and check them in.
    const assembly = Number(sql(server, `SELECT id FROM assemblies WHERE slug = '${slug}'`));
    for (const [account, name] of [[juana, 'Juana Mamani'], [mario, 'Mario Ticona']]) {
      sql(server, `INSERT INTO delegates (assembly_id, organization_id, account_id, name, status, created_at)
        VALUES (${assembly}, (SELECT organization_id FROM seat_allocations WHERE assembly_id = ${assembly} AND seats > 0 ORDER BY organization_id LIMIT 1),
        ${account.id}, '${name}', 'accredited', '2026-01-01T00:00:00.000Z');
        INSERT INTO attendance (assembly_id, delegate_id, checked_in_at) VALUES (${assembly}, last_insert_rowid(), '2026-01-01T00:00:00.000Z');`);
    }

    const s = await api(server, 'POST', '/api/v1/sessions', chair, { assembly_id: assembly, title: 'Sesión inaugural' });
    const item = await api(server, 'POST', `/api/v1/sessions/${s.id}/items`, chair, { title: 'Huelga general en caso de golpe' });
    await api(server, 'POST', `/api/v1/sessions/${s.id}/open`, chair, {});
    await api(server, 'POST', `/api/v1/items/${item.id}/open`, chair, {});
    const vote = await api(server, 'POST', '/api/v1/votes', chair,
      { session_id: s.id, item_id: item.id, subject: 'procedure', question: '¿Se declara la sesión permanente?' });

    // The phone: JavaScript off, 360x740.
    const phoneCtx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'es-BO', javaScriptEnabled: false });
    const page = await phoneCtx.newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('#card-code', juana.card_code);
    await page.click('#login-card');
    // The card login lands on "my assembly now": the item under debate, the open vote.
    await page.waitForURL('**/now');
    assert.match(await page.textContent(`#now-${slug}`), /Huelga general/);
    assert.match(await page.textContent(`#now-${slug}`), /¿Se declara la sesión permanente\?/);
    await page.click('#now-speak');
    await page.waitForURL(`**/sessions/items/${item.id}#ask`);
    assert.match(await page.textContent('#item-title'), /Huelga general/);
    await page.click('#ask-to-speak');
    await page.waitForURL(`**/sessions/items/${item.id}`);
    assert.match(await page.textContent('#speakers'), /Juana Mamani/);
    await page.click('#vote-yes');
    await page.waitForURL(`**/sessions/items/${item.id}`);
    assert.match(await page.textContent(`#voted-${vote.id}`), /Su voto está registrado/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling on a phone (page is ${width}px wide)`);
    await page.screenshot({ path: join(shots, 'session-phone.png'), fullPage: true });

    // Mario votes on his phone in English (JavaScript off): the language chosen on the login
    // page stays for the card login, "my assembly now" and the answer to his ballot.
    const enCtx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'es-BO', javaScriptEnabled: false });
    const en = await enCtx.newPage();
    await en.goto(`${server.url}/login`);
    await en.click('#lang-en');
    await en.waitForURL('**/login');
    await en.fill('#card-code', mario.card_code);
    await en.click('#login-card');
    await en.waitForURL('**/now');
    assert.match(await en.textContent('h1'), /My assembly now/);
    assert.match(await en.textContent(`#now-${slug}`), /¿Se declara la sesión permanente\?/);
    await en.goto(`${server.url}/sessions/items/${item.id}`);
    await en.click('#vote-yes');
    await en.waitForURL(`**/sessions/items/${item.id}`);
    assert.match(await en.textContent(`#voted-${vote.id}`), /Your vote is recorded/);
    const enWidth = await en.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(enWidth <= 360, `no sideways scrolling on a phone in English (page is ${enWidth}px wide)`);
    await en.screenshot({ path: join(shots, 'session-phone-en.png'), fullPage: true });

    // The projector: JavaScript on.
    const projCtx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'es-BO', javaScriptEnabled: true });
    const proj = await projCtx.newPage();
    await proj.goto(`${server.url}/assemblies/${slug}/projector`);
    assert.match(await proj.textContent('#projector-vote-progress'), /2 de 2 presentes han votado/);
    assert.equal(await proj.locator('#projector-result').count(), 0);
    await proj.waitForSelector('[data-live-open]', { timeout: 10000 }); // the stream is connected
    const t0 = Date.now();
    await api(server, 'POST', `/api/v1/votes/${vote.id}/close`, chair, {});
    await proj.waitForSelector('#projector-result', { timeout: 1000 });
    const elapsed = Date.now() - t0;
    assert.match(await proj.textContent('#projector-result'), /APROBADA/);
    assert.ok(elapsed <= 1000, `result shown after ${elapsed} ms`);
    await proj.screenshot({ path: join(shots, 'session-projector.png') });

    // Two more present delegates without phones: the chair puts them on the list, one by name,
    // one by the code on her card.
    for (const [name, badge] of [['Pedro Condori', 'PDRC2345ABCD'], ['Rosa Quispe', 'RSQP6789EFGH']]) {
      sql(server, `INSERT INTO delegates (assembly_id, organization_id, name, status, badge, created_at)
        VALUES (${assembly}, (SELECT organization_id FROM seat_allocations WHERE assembly_id = ${assembly} AND seats > 0 ORDER BY organization_id LIMIT 1),
        '${name}', 'accredited', '${badge}', '2026-01-01T00:00:00.000Z');
        INSERT INTO attendance (assembly_id, delegate_id, checked_in_at) VALUES (${assembly}, last_insert_rowid(), '2026-01-01T00:00:00.000Z');`);
    }
    // The chair's console on a phone, then the minutes of the closed session.
    const chairCtx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'es-BO', javaScriptEnabled: false });
    const console_ = await chairCtx.newPage();
    await console_.goto(`${server.url}/login`);
    await console_.fill('#card-code', chairCard.card_code);
    await console_.click('#login-card');
    await console_.waitForURL('**/now');
    await console_.goto(`${server.url}/sessions/items/${item.id}`);
    await console_.click('#next-speaker');
    await console_.waitForURL(`**/sessions/items/${item.id}`);
    assert.match(await console_.textContent('#speaker-now'), /Juana Mamani/);
    // Put a delegate on the list by name, then one by scanning her card (a scanner types the
    // code and Enter).
    await console_.click('#add-speaker summary');
    await console_.selectOption('#speaker-pick', { label: (await console_.locator('#speaker-pick option', { hasText: 'Pedro Condori' }).textContent()).trim() });
    await console_.click('#add-speaker button[type=submit]');
    await console_.waitForURL(`**/sessions/items/${item.id}`);
    assert.match(await console_.textContent('#speakers'), /Pedro Condori/);
    await console_.click('#add-speaker summary');
    await console_.fill('#speaker-badge', 'rsqp-6789-efgh');
    await console_.locator('#add-speaker').screenshot({ path: join(shots, 'session-add-speaker.png') });
    await console_.press('#speaker-badge', 'Enter');
    await console_.waitForURL(`**/sessions/items/${item.id}`);
    assert.match(await console_.textContent('#speakers'), /Rosa Quispe/);
    // Local time (America/La_Paz by default) and the minutes left, never UTC.
    assert.match(await console_.textContent('#countdown-line'), /^Termina a las \d\d:\d\d \(quedan \d+ min\)$/);
    await console_.screenshot({ path: join(shots, 'session-chair.png'), fullPage: true });
    await console_.click('#close-item');
    await console_.goto(`${server.url}/sessions/${s.id}`);
    await console_.click('#close-session');
    await console_.waitForURL(`**/sessions/${s.id}`);
    await console_.click('#minutes-link');
    assert.match(await console_.textContent('#minutes'), /Juana Mamani/);
    assert.match(await console_.textContent('#minutes-source'), /posición \d+/);
    await console_.screenshot({ path: join(shots, 'session-minutes.png'), fullPage: true });
  } finally {
    await browser.close();
    await server.stop();
  }
});
