// The registry through a browser on a 360px phone with JavaScript off: an administrator creates
// an organization inside the demo federation, then imports its members through the preview (a
// file with problems is refused row by row, the corrected one is confirmed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, phone, shots } from './harness.js';

async function noSideways(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${what}: no sideways scrolling on a phone (page is ${width}px wide)`);
}

test('admin creates an organization and imports its members through the preview', async () => {
  const server = await startServer({ demo: true });
  const { browser, page } = await phone('es-BO');
  try {
    await page.goto(server.setupLink);
    await page.fill('#username', 'admin');
    await page.fill('#display_name', 'Secretaría General');
    await page.fill('#password', 'una contraseña larga');
    await page.click('#create-admin');
    await page.waitForURL('**/admin/accounts');

    await page.goto(`${server.url}/organizations`);
    assert.match(await page.textContent('#organization-tree'), /FSTMB/);
    await noSideways(page, 'organizations');
    await page.click('#new-organization');
    await page.waitForURL('**/organizations/new');
    await page.fill('#org-name', 'Sindicato Mixto de Trabajadores Mineros de Siglo XX');
    await page.fill('#org-short-name', 'SMTMSXX');
    await page.selectOption('#org-kind', 'union');
    await page.selectOption('#org-sector', 'labour');
    const fstmb = await page.locator('#org-parent option', { hasText: 'FSTMB –' }).first().getAttribute('value');
    await page.selectOption('#org-parent', fstmb);
    await page.fill('#org-department', 'Potosí');
    await page.fill('#org-membership', '3500');
    await page.fill('#org-term-from', '1970-05-01');
    await page.fill('#org-term-to', '1970-12-31');
    await page.click('#save-organization');
    await page.waitForURL(/\/organizations\/\d+$/);
    assert.match(await page.textContent('#organization-name'), /Siglo XX/);
    assert.match(await page.textContent('#term-lapsed'), /vencida/);
    assert.equal((await page.textContent('#member-count')).trim(), '0');
    await noSideways(page, 'organization');
    const orgUrl = page.url();

    await page.click('#import-members');
    await page.waitForURL('**/import');
    const bad = 'member_number,name,email\n1,Juana Mamani,juana@siglo.bo\n1,Pedro Quispe,\n2,Rosa Condori,rosa-at-siglo\n';
    await page.fill('#csv', bad);
    await page.click('#preview-import');
    const problems = await page.textContent('#import-problems');
    assert.match(problems, /2 problemas/);
    assert.match(problems, /Línea 3: número repetido/);
    assert.match(problems, /Línea 4: el correo «rosa-at-siglo»/);
    assert.equal(await page.locator('#confirm-import').count(), 0, 'nothing to confirm while the file has problems');
    await noSideways(page, 'preview with problems');
    await page.screenshot({ path: join(shots, 'registry-import-problems.png'), fullPage: true });

    await page.fill('#csv', 'member_number,name,email\n1,Juana Mamani,juana@siglo.bo\n2,Pedro Quispe,\n3,Rosa Condori,rosa@siglo.bo\n');
    await page.click('#preview-import');
    assert.match(await page.textContent('#import-clean'), /3 filas/);
    assert.equal(await page.locator('#import-rows tbody tr').count(), 3);
    await noSideways(page, 'clean preview');
    await page.click('#confirm-import');
    // The import runs on the server; its page refreshes itself (no JavaScript needed) until done.
    await page.waitForSelector('#import-done', { timeout: 20000 });
    assert.match(await page.textContent('#import-done'), /3 afiliados/);
    await page.click('#see-members');
    await page.waitForURL((u) => u.href.startsWith(orgUrl) && !u.pathname.includes('/import'));
    assert.equal((await page.textContent('#member-count')).trim(), '3');
    assert.match(await page.textContent('#members'), /Rosa Condori/);
    await noSideways(page, 'organization with members');
    await page.screenshot({ path: join(shots, 'registry-organization.png'), fullPage: true });

    // A whole register as a chosen file: 20,000 members; the preview lists the first rows.
    let register = 'member_number,name,phone\n';
    for (let i = 1001; i <= 21000; i++) register += `${i},Afiliado ${i},7${String(i).padStart(7, '0')}\n`;
    await page.click('#import-members');
    await page.waitForURL('**/import');
    await page.setInputFiles('#csv-file', { name: 'padron.csv', mimeType: 'text/csv', buffer: Buffer.from(register) });
    await page.click('#upload-import');
    assert.match(await page.textContent('#import-clean'), /20000 filas|20 000 filas|20.000 filas/);
    assert.equal(await page.locator('#import-rows tbody tr').count(), 100);
    assert.match(await page.textContent('#import-more-rows'), /19900 filas más|19 900 filas más|19.900 filas más/);
    await noSideways(page, 'preview of a whole register');
    await page.screenshot({ path: join(shots, 'registry-import-register.png'), fullPage: false });
    await page.click('#confirm-import');
    await page.waitForSelector('#import-running, #import-done');
    await page.screenshot({ path: join(shots, 'registry-import-progress.png'), fullPage: false });
    await page.waitForSelector('#import-done', { timeout: 60000 });
    await noSideways(page, 'import done');
    await page.click('#see-members');
    await page.waitForURL((u) => !u.pathname.includes('/import'));
    assert.equal((await page.textContent('#member-count')).trim(), '20003');

    // The demo's seat plan form fits the phone and offers the seats as weights.
    await page.goto(`${server.url}/assemblies/asamblea-popular-1971/plan`);
    assert.equal(await page.inputValue('#share-labour'), '132');
    assert.equal(await page.locator('.hemicycle svg circle').count(), 220);
    await noSideways(page, 'seat plan');
    await page.screenshot({ path: join(shots, 'registry-plan.png'), fullPage: true });
    // Saved again as it is: the parties keep their fixed seats (they have no membership figures).
    assert.equal(await page.locator('#plan-fixed input[name^="fixed."]').first().inputValue(), '2');
    await page.click('#save-plan');
    await page.waitForURL((u) => u.pathname.endsWith('/assemblies/asamblea-popular-1971/seats'));
    assert.equal(await page.locator('.hemicycle svg circle').count(), 220);

    // The public sees the count, never the names.
    await page.click('#logout');
    await page.goto(orgUrl);
    assert.equal((await page.textContent('#member-count')).trim(), '20003');
    assert.equal(await page.locator('#members').count(), 0);
    assert.doesNotMatch(await page.content(), /Rosa Condori/);
  } finally {
    await browser.close();
    await server.stop();
  }
});
