// The mandate's call to action through a browser: in the demo, the Political Command has fired
// the general strike (call 1). An observer watches the call's dashboard with JavaScript on (live
// through /events); a base organization's secretary, on a 360px phone with JavaScript off,
// reports its adherence; the observer's dashboard shows it without reloading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, phone, shots, api } from './harness.js';

test('a secretary reports adherence on a phone; the dashboard updates live', async () => {
  const server = await startServer({ demo: true, story: true });
  const { browser, page } = await phone('es-BO');
  try {
    const setupToken = server.setupLink.split('/').pop();
    const admin = (await api(server, 'POST', '/api/v1/setup', null,
      { token: setupToken, username: 'admin', display_name: 'Admin', password: 'una contraseña larga' })).token;
    const dash = await api(server, 'GET', '/api/v1/calls/1/dashboard');
    const org = dash.organizations.find((o) => o.status === null);
    assert.ok(org, 'an organization in scope that has not reported');
    const card = await api(server, 'POST', '/api/v1/accounts', admin,
      { username: 'sec.prueba', display_name: 'Secretaría de prueba', role: 'secretary', organization_id: org.organization_id });

    // The observer, with JavaScript on, connected to the live stream.
    const watchCtx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'es-BO', javaScriptEnabled: true });
    const watch = await watchCtx.newPage();
    await watch.goto(`${server.url}/calls/1`);
    await watch.waitForSelector('[data-live-open]', { timeout: 10000 });
    assert.ok(!(await watch.textContent('#by-organization')).includes('Mina de prueba'));

    // The secretary, on a phone without JavaScript, logs in and reports.
    await page.goto(`${server.url}/login`);
    await page.fill('#card-code', card.card_code);
    await page.click('#login-card');
    await page.goto(`${server.url}/calls/1`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling (page is ${width}px wide)`);
    assert.ok(await page.isVisible('svg.tilemap'), 'the map of the departments');
    await page.check('#adherence-joined');
    await page.fill('#report-members', '321');
    await page.fill('#report-places', 'Mina de prueba ocupada');
    await page.click('#send-report');
    assert.match(await page.textContent(`#by-organization [data-organization="${org.organization_id}"]`), /Mina de prueba ocupada/);
    await page.screenshot({ path: join(shots, 'call-adherence-phone.png'), fullPage: true });

    // The observer's dashboard follows, without a reload.
    await watch.waitForFunction(
      (id) => document.querySelector(`#by-organization [data-organization="${id}"]`)?.textContent.includes('Mina de prueba ocupada'),
      org.organization_id, { timeout: 10000 });
    await watch.screenshot({ path: join(shots, 'call-dashboard-live.png'), fullPage: true });
    await watchCtx.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
