// The foundation through a browser: the set-up link, a delegate's login with a card code, and the
// demo's seats page in both languages. JavaScript is off: every page must work without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, phone, shots } from './harness.js';

test('set-up link creates the administrator, who issues a card; the delegate logs in with it', async () => {
  const server = await startServer();
  const { browser, page } = await phone('es-BO');
  try {
    assert.ok(server.setupLink, 'the console prints a set-up link');
    await page.goto(server.setupLink);
    await page.fill('#username', 'admin');
    await page.fill('#display_name', 'Secretaría General');
    await page.fill('#password', 'una contraseña larga');
    await page.click('#create-admin');
    await page.waitForURL('**/admin/accounts');
    assert.match(await page.textContent('h1'), /Cuentas/);

    // The link works only once.
    const again = await page.goto(server.setupLink);
    assert.equal(again.status(), 404);

    await page.goto(`${server.url}/admin/accounts`);
    await page.fill('#new-username', 'juana.mamani');
    await page.fill('#new-display-name', 'Juana Mamani');
    await page.selectOption('#new-role', 'delegate');
    await page.click('#create-account');
    const code = (await page.textContent('#card-code-value')).trim();
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(await page.locator('.qr svg').count(), 1, 'the card has a QR code');
    await page.screenshot({ path: join(shots, 'card.png'), fullPage: true });

    await page.click('#logout');
    await page.goto(`${server.url}/login`);
    await page.fill('#card-code', 'wrong-code-0000');
    await page.click('#login-card');
    assert.match(await page.textContent('.error'), /no es válido/);

    await page.fill('#card-code', code.toLowerCase());
    await page.click('#login-card');
    // A card login lands on "my assembly now"; the account page is one tap away.
    await page.waitForURL('**/now');
    await page.click('#nav-account');
    await page.waitForURL('**/account');
    assert.equal((await page.textContent('#account-name')).trim(), 'Juana Mamani');
    assert.match(await page.textContent('#account-role'), /Delegad/);
    await page.screenshot({ path: join(shots, 'account.png'), fullPage: true });
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('the demo shows its 220 seats by sector, in Spanish and in English', async () => {
  const server = await startServer({ demo: true });
  const { browser, page } = await phone('es-BO');
  try {
    await page.goto(server.url);
    await page.click('text=Asamblea Popular');
    await page.waitForURL('**/assemblies/asamblea-popular-1971/seats');
    assert.match(await page.textContent('#seats-total'), /220 escaños/);
    const table = await page.textContent('#sector-table');
    assert.match(table, /Trabajadores\s*132/);
    assert.match(table, /Partidos políticos\s*13/);
    assert.equal(await page.locator('.hemicycle svg circle').count(), 220, 'one dot per seat');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling on a phone (page is ${width}px wide)`);
    await page.screenshot({ path: join(shots, 'seats-es.png'), fullPage: true });

    await page.click('#lang-en');
    await page.waitForURL('**/assemblies/asamblea-popular-1971/seats');
    assert.match(await page.textContent('#seats-total'), /220 seats/);
    assert.match(await page.textContent('#sector-table'), /Labour\s*132/);
    await page.screenshot({ path: join(shots, 'seats-en.png'), fullPage: true });

    // The choice is remembered.
    await page.goto(server.url);
    assert.match(await page.textContent('h1'), /assembly/i);
  } finally {
    await browser.close();
    await server.stop();
  }
});
