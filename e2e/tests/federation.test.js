// Federation through a browser on a 360px phone (JavaScript off): a substitute checks in and
// takes the seat of an absent titular, then votes in their place; a delegate gives a proxy. The
// chair acts through the API; the roll-call shows who held the seat and whose proxy a ballot
// carried.
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

async function phone(browser, server, card) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'es-BO', javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#card-code', card);
  await page.click('#login-card');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

async function noSideways(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling on a phone (page is ${width}px wide)`);
}

test('a substitute checks in and votes for an absent titular; a delegate gives a proxy', async () => {
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
    await api(server, 'PUT', `/api/v1/assemblies/${slug}/federation`, admin,
      { substitutes_at_check_in: true, proxies: 'any', proxy_cap: 1, vote_weight: 'delegate' });
    await api(server, 'PUT', `/api/v1/assemblies/${slug}/quorum-basis`, admin, { quorum_basis: 'accredited' });
    const assembly = Number(sql(server, `SELECT id FROM assemblies WHERE slug = '${slug}'`));
    const org = Number(sql(server, `SELECT organization_id FROM seat_allocations WHERE assembly_id = ${assembly} AND seats > 0 ORDER BY organization_id LIMIT 1`));
    // Pedro (titular, absent), Sara (his organization's substitute 1), Juana and Rosa (present).
    const people = {};
    for (const [user, name, position, rank, present] of [
      ['pedro.quispe', 'Pedro Quispe', 'titular', 'NULL', false],
      ['sara.condori', 'Sara Condori', 'substitute', '1', false],
      ['juana.mamani', 'Juana Mamani', 'titular', 'NULL', true],
      ['rosa.flores', 'Rosa Flores', 'titular', 'NULL', true],
    ]) {
      const acc = await api(server, 'POST', '/api/v1/accounts', admin, { username: user, display_name: name, role: 'delegate' });
      const id = Number(sql(server, `INSERT INTO delegates (assembly_id, organization_id, account_id, name, position, substitute_rank, status, created_at)
        VALUES (${assembly}, ${org}, ${acc.id}, '${name}', '${position}', ${rank}, 'accredited', '2026-01-01T00:00:00.000Z') RETURNING id;`));
      if (present) {
        sql(server, `INSERT INTO attendance (assembly_id, delegate_id, checked_in_at) VALUES (${assembly}, ${id}, '2026-01-01T00:00:00.000Z');`);
      }
      people[user] = { ...acc, delegate: id };
    }
    const s = await api(server, 'POST', '/api/v1/sessions', chair, { assembly_id: assembly, title: 'Sesión de la tarde' });
    const item = await api(server, 'POST', `/api/v1/sessions/${s.id}/items`, chair, { title: 'Defensa de la nacionalización' });
    await api(server, 'POST', `/api/v1/sessions/${s.id}/open`, chair, {});
    await api(server, 'POST', `/api/v1/items/${item.id}/open`, chair, {});

    // Sara checks in on her phone and takes Pedro's seat.
    const sara = await phone(browser, server, people['sara.condori'].card_code);
    await sara.goto(`${server.url}/assemblies/${slug}/federation`);
    await sara.click('#check-in');
    await sara.waitForURL(`**/assemblies/${slug}/federation`);
    assert.match(await sara.textContent('#holds'), /Sara Condori ocupa la banca de Pedro Quispe/);
    await noSideways(sara);
    await sara.screenshot({ path: join(shots, 'federation-substitute.png'), fullPage: true });

    // Juana gives her proxy to Rosa on her phone.
    const juana = await phone(browser, server, people['juana.mamani'].card_code);
    await juana.goto(`${server.url}/assemblies/${slug}/federation`);
    await juana.selectOption('select[name="holder_id"]', String(people['rosa.flores'].delegate));
    await juana.click('#give-proxy-button');
    await juana.waitForURL(`**/assemblies/${slug}/federation`);
    assert.match(await juana.textContent('#my-proxy'), /Rosa Flores/);
    assert.match(await juana.textContent('#proxies'), /Rosa Flores vota también por Juana Mamani/);
    await noSideways(juana);
    await juana.screenshot({ path: join(shots, 'federation-proxy.png'), fullPage: true });

    // The vote: Sara votes in Pedro's place; Rosa's ballot carries Juana's vote.
    const vote = await api(server, 'POST', '/api/v1/votes', chair,
      { session_id: s.id, item_id: item.id, subject: 'procedure', question: '¿Se declara la sesión permanente?' });
    await sara.goto(`${server.url}/sessions/items/${item.id}`);
    await sara.click('#vote-yes');
    await sara.waitForURL(`**/sessions/items/${item.id}`);
    assert.match(await sara.textContent(`#voted-${vote.id}`), /Su voto está registrado/);
    await noSideways(sara);
    const rosa = (await api(server, 'POST', '/api/v1/session', null, { card_code: people['rosa.flores'].card_code })).token;
    await api(server, 'POST', `/api/v1/votes/${vote.id}/ballots`, rosa, { choice: 'yes' });
    const closed = await api(server, 'POST', `/api/v1/votes/${vote.id}/close`, chair, {});
    assert.equal(closed.result.yes, 3);
    await sara.goto(`${server.url}/sessions/votes/${vote.id}`);
    const roll = await sara.textContent('#rollcall');
    assert.match(roll, /Sara Condori \(suplente de Pedro Quispe\)/);
    assert.match(roll, /Rosa Flores \(también por Juana Mamani\)/);
    await sara.screenshot({ path: join(shots, 'federation-rollcall.png'), fullPage: true });
  } finally {
    await browser.close();
    await server.stop();
  }
});
