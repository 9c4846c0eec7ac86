// Delegates through a browser: a member votes with the one-time code from the secretary's list, on
// a 360px phone with JavaScript off; a second try with the same code is refused; the published
// result shows the elected; then the members recall the elected by their own vote, with new
// codes, on the same page. The set-up (members, election, codes) goes through the JSON API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, phone, shots, api } from './harness.js';

async function noSideways(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling on ${what} (page is ${width}px wide)`);
}

test('a member votes with a code on a phone, without JavaScript; the code works once', async () => {
  const server = await startServer({ demo: true });
  const { browser, page } = await phone('es-BO');
  try {
    const setupToken = server.setupLink.split('/').pop();
    const admin = (await api(server, 'POST', '/api/v1/setup', null,
      { token: setupToken, username: 'admin', display_name: 'Admin', password: 'una contraseña larga' })).token;
    const seats = await api(server, 'GET', '/api/v1/assemblies/asamblea-popular-1971/seats');
    const fstpb = seats.sectors.flatMap((s) => s.organizations).find((o) => o.short_name === 'FSTPB');
    const names = ['Rosa Condori', 'Mario Quispe', 'Teresa Mamani'];
    const members = [];
    for (const [i, name] of names.entries()) {
      members.push((await api(server, 'POST', `/api/v1/organizations/${fstpb.id}/members`, admin,
        { member_number: `P-${i + 1}`, name })).id);
    }
    const election = (await api(server, 'POST', '/api/v1/elections', admin,
      { assembly_id: 1, organization_id: fstpb.id, method: 'plurality', substitutes: 1 })).id;
    const candidates = [];
    for (const m of members.slice(0, 2)) {
      candidates.push((await api(server, 'POST', `/api/v1/elections/${election}/candidates`, admin, { member_id: m })).id);
    }
    const codes = await api(server, 'POST', `/api/v1/elections/${election}/voting`, admin, { confirm: true });
    assert.equal(codes.length, 3);

    await page.goto(`${server.url}/vote`);
    await noSideways(page, 'the code form');
    await page.fill('#vote-code', codes[0].code.toLowerCase());
    await page.click('#vote-open');
    assert.match(await page.textContent('h1'), /Papeleta/);
    assert.match(await page.textContent('main'), /Rosa Condori/);
    await noSideways(page, 'the ballot');
    await page.screenshot({ path: join(shots, 'vote-ballot.png'), fullPage: true });
    await page.check(`#pick-${candidates[0]}`);
    await page.click('#vote-cast');
    assert.match(await page.textContent('#vote-done'), /depositado/);
    await page.screenshot({ path: join(shots, 'vote-done.png'), fullPage: true });

    // The same code again: refused, with a clear message.
    await page.goto(`${server.url}/vote`);
    await page.fill('#vote-code', codes[0].code);
    await page.click('#vote-open');
    assert.match(await page.textContent('#vote-error'), /ya se votó/);

    // A second member votes; the secretary closes; the result is public.
    await page.goto(`${server.url}/vote`);
    await page.fill('#vote-code', codes[1].code);
    await page.click('#vote-open');
    await page.check(`#pick-${candidates[0]}`);
    await page.click('#vote-cast');
    assert.match(await page.textContent('#vote-done'), /depositado/);
    await api(server, 'POST', `/api/v1/elections/${election}/close`, admin, {});
    await page.goto(`${server.url}/elections/${election}`);
    assert.match(await page.textContent('#elected'), /Rosa Condori/);
    assert.match(await page.textContent('#election-voted'), /2 \/ 3/);
    await noSideways(page, 'the result');
    await page.screenshot({ path: join(shots, 'election-result.png'), fullPage: true });

    // The members recall Rosa by their own vote, with new codes, on the same phone: the ballot
    // asks yes or no, a majority carries it, and her page says she was recalled.
    await api(server, 'POST', `/api/v1/organizations/${fstpb.id}/recall-method`, admin, { recall_by: 'members_vote' });
    const delegates = await api(server, 'GET', `/api/v1/assemblies/asamblea-popular-1971/delegates?organization_id=${fstpb.id}`);
    const rosa = delegates.find((d) => d.name === 'Rosa Condori' && d.position === 'titular');
    assert.ok(rosa, `Rosa Condori is a titular delegate: ${JSON.stringify(delegates)}`);
    const recall = (await api(server, 'POST', `/api/v1/delegates/${rosa.id}/recall-vote`, admin, {})).id;
    const recallCodes = await api(server, 'POST', `/api/v1/elections/${recall}/voting`, admin, { confirm: true });
    assert.equal(recallCodes.length, 3);
    for (const [i, c] of recallCodes.slice(0, 2).entries()) {
      await page.goto(`${server.url}/vote`);
      await page.fill('#vote-code', c.code);
      await page.click('#vote-open');
      assert.match(await page.textContent('main'), /Sí, revocar/);
      if (i === 0) {
        await noSideways(page, 'the recall ballot');
        await page.screenshot({ path: join(shots, 'vote-recall-ballot.png'), fullPage: true });
      }
      await page.check('#answer-yes');
      await page.click('#vote-cast');
      assert.match(await page.textContent('#vote-done'), /depositado/);
    }
    const closed = await api(server, 'POST', `/api/v1/elections/${recall}/close`, admin, {});
    assert.equal(closed.recalled, true);
    await page.goto(`${server.url}/elections/${recall}`);
    assert.match(await page.textContent('#recall-result'), /revoca/i);
    await page.goto(`${server.url}/delegates/${rosa.id}`);
    assert.equal((await page.textContent('#delegate-status')).trim(), `Revocado · elección #${recall}`);
    assert.match(await page.textContent('#history'), /por votación de sus afiliados/);
    assert.doesNotMatch(await page.textContent('main'), /election:|members_vote/);
    await noSideways(page, 'the recalled delegate');
    await page.screenshot({ path: join(shots, 'delegate-recalled.png'), fullPage: true });
    // The same page in English; the reason links to the members' vote.
    await page.click('#lang-en');
    await page.waitForURL(`**/delegates/${rosa.id}`);
    assert.equal((await page.textContent('#delegate-status')).trim(), `Recalled · election #${recall}`);
    assert.match(await page.textContent('#history'), /by a vote of its members/);
    await noSideways(page, 'the recalled delegate in English');
    await page.screenshot({ path: join(shots, 'delegate-recalled-en.png'), fullPage: true });
    await page.click('#recalled-by');
    await page.waitForURL(`**/elections/${recall}`);
    assert.match(await page.textContent('#recall-result'), /Recall carried/);
  } finally {
    await browser.close();
    await server.stop();
  }
});
