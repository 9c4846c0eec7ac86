// A ballot encrypted in the browser (issue 14, item 4), JavaScript ON: the vote page loads the
// WebAssembly built from crates/ballot-wasm, encrypts on the phone, shows the tracking code
// before casting, lets the voter challenge a ballot (Benaloh: it opens, shows the marked choices,
// is never cast, and a new ballot is made), then casts the encrypted ballot alone (no choice, no
// credential in the request). The code is found on the board's page; the challenged one is listed
// as challenged (never cast).
// The trustees tally and the published record passes `asamblea verify-election`. Shared vectors:
// the browser's module opens a ballot the Rust code made (crates/ballot-wasm/tests/vectors), and
// with ASAMBLEA_WRITE_VECTORS=1 this test writes the challenged ballot it made there, which a
// Rust test verifies and opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, api, shots, repo } from './harness.js';
import { axeOver, PHONE } from './standard.js';

const binary = process.env.ASAMBLEA_BIN || join(repo, 'target', 'debug', 'asamblea');
const run = (...args) => execFileSync(binary, args, { encoding: 'utf8', env: { ...process.env, ASAMBLEA_BOARD_TOKEN: '' } });
const vectors = join(repo, 'crates', 'ballot-wasm', 'tests', 'vectors');

/** An election on the server's board, its ceremony done and credentials issued. */
async function election(server, dir, id) {
  const { token } = await api(server, 'POST', '/api/v1/setup', null,
    { token: server.setup, username: 'admin', display_name: 'Admin', password: 'una contraseña larga' });
  const board = `${server.url}/api/v1/boards/${id}`;
  const tokensFile = join(dir, 'tokens.txt');
  run('election', 'new', '--board', board, '--token', token, '--id', id, '--title', 'Huelga general',
    '--trustees', '3', '--threshold', '2', '--question', '¿Huelga general indefinida?|yes_no_abstain|sí,no,abstención',
    '--question', 'Comando|approval=2|Ana Quispe,Beto Mamani,Carla Choque', '--tokens-out', tokensFile);
  const tokens = Object.fromEntries(readFileSync(tokensFile, 'utf8').trim().split('\n').map((l) => l.split(' ')));
  const secret = (i) => join(dir, `t${i}.secret`);
  for (const i of [1, 2, 3]) run('trustee', 'init', '--board', board, '--index', `${i}`, '--secret', secret(i), '--token', tokens[`trustee-${i}`]);
  for (const step of ['deal', 'check']) for (const i of [1, 2, 3]) run('trustee', step, '--board', board, '--secret', secret(i));
  run('election', 'key', '--board', board, '--token', tokens.organizer);
  const codes = join(dir, 'codes.txt');
  run('election', 'credentials', '--board', board, '--token', tokens.authority, '--count', '2', '--out', codes);
  const credentials = readFileSync(codes, 'utf8').trim().split('\n');
  return { board, tokens, secret, credentials };
}

/** Calls the page's WebAssembly module directly (the protocol of crates/ballot-wasm). */
function callModule(page, name, input) {
  return page.evaluate(async ({ name, input }) => {
    const bytes = await (await fetch(document.querySelector('form[data-encrypt]').dataset.wasm)).arrayBuffer();
    let memory;
    const { instance } = await WebAssembly.instantiate(bytes, {
      asamblea: { random_fill: (ptr, len) => crypto.getRandomValues(new Uint8Array(memory.buffer, ptr, len)) },
    });
    const x = instance.exports;
    memory = x.memory;
    const data = new TextEncoder().encode(JSON.stringify(input));
    const ptr = x.alloc(data.length);
    new Uint8Array(memory.buffer, ptr, data.length).set(data);
    const len = x[name](ptr, data.length);
    return JSON.parse(new TextDecoder().decode(new Uint8Array(memory.buffer, x.output_ptr(), len)));
  }, { name, input });
}

test('a voter encrypts in the browser, challenges a ballot, casts another and the record verifies', async () => {
  const server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-board-js-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const id = 'huelga-js';
    const e = await election(server, dir, id);
    const [credential] = e.credentials;
    const context = await browser.newContext({ viewport: PHONE, locale: 'es-BO', javaScriptEnabled: true });
    const page = await context.newPage();
    const cspErrors = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|WebAssembly|Refused/i.test(m.text())) cspErrors.push(m.text()); });
    const response = await page.goto(`${server.url}/boards/${id}/vote`);
    // Only the vote page may compile WebAssembly.
    assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval';/);
    await page.waitForSelector('form[data-encrypt-ready]');
    assert.equal(await page.isVisible('#server-encrypts'), false, 'the server-encrypts note is hidden');
    assert.match(await page.textContent('#encrypt-note'), /nunca ve sus opciones/);
    assert.equal((await page.textContent('#vote-cast')).trim(), 'Cifrar mi papeleta');

    // Shared vector: the browser's module opens the ballot the Rust code made.
    const native = JSON.parse(readFileSync(join(vectors, 'made-natively.json'), 'utf8'));
    const opened = await callModule(page, 'open_ballot', { manifest: native.manifest, ballot: native.ballot, randomness: native.randomness });
    assert.deepEqual(opened.ok, { selections: native.selections, tracking_code: native.tracking_code });
    const lied = await callModule(page, 'open_ballot', { manifest: native.manifest, ballot: native.ballot, randomness: native.randomness.map((q) => [...q].reverse()) });
    assert.equal(lied.error.field, 'randomness');

    // Encrypt: the tracking code shows before anything is sent.
    await page.check('#q-0-0');
    await page.check('#q-1-0');
    await page.check('#q-1-2');
    await page.fill('#credential', credential);
    await page.click('#vote-cast');
    await page.waitForSelector('#encrypt-ready:not([hidden])');
    const first = (await page.textContent('#encrypt-code')).trim();
    assert.match(first, /^[0-9a-f]{64}$/);
    await page.screenshot({ path: join(shots, 'board-js-encrypted.png'), fullPage: true });

    // Challenge: the ballot opens to the marked choices, is thrown away, and a new one is made.
    await page.click('#encrypt-challenge');
    await page.waitForSelector('#encrypt-audit:not([hidden])');
    await page.waitForSelector('#encrypt-ready:not([hidden])');
    assert.equal((await page.textContent('#encrypt-audit-code')).trim(), first);
    assert.match(await page.textContent('#encrypt-audit-result'), /^Verificado/);
    const lines = await page.$$eval('#encrypt-audit-choices li', (lis) => lis.map((li) => li.textContent));
    assert.deepEqual(lines, ['¿Huelga general indefinida? sí', 'Comando: Ana Quispe, Carla Choque']);
    const second = (await page.textContent('#encrypt-code')).trim();
    assert.match(second, /^[0-9a-f]{64}$/);
    assert.notEqual(second, first);
    // The challenge is one block in the format `asamblea election audit` reads, and a file.
    const block = await page.inputValue('#encrypt-audit-json');
    const audit = JSON.parse(block);
    assert.equal(audit.format, 'asamblea-challenge/1');
    assert.equal(audit.tracking_code, first);
    assert.equal(audit.manifest, undefined, 'the other device gets the manifest from the board');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#encrypt-audit-download')]);
    const downloaded = join(dir, 'challenge.json');
    await download.saveAs(downloaded);
    assert.equal(readFileSync(downloaded, 'utf8'), block);
    if (process.env.ASAMBLEA_WRITE_VECTORS) {
      writeFileSync(join(vectors, 'made-in-browser.challenge.json'), block);
      const manifest = await (await fetch(`${server.url}/api/v1/boards/${id}/manifest`)).json();
      writeFileSync(join(vectors, 'made-in-browser.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    }
    await page.screenshot({ path: join(shots, 'board-js-challenged.png'), fullPage: true });
    // The CLI, another device, checks the downloaded file against the board's manifest.
    const checked = run('election', 'audit', '--manifest', `${e.board}/manifest`, downloaded);
    assert.match(checked, /challenge verified/);
    assert.match(checked, new RegExp(`tracking code ${first}`));
    assert.match(checked, /Comando: Ana Quispe, Carla Choque/);
    // Against the server, the CLI sends the challenge to the board, which notes it.
    assert.match(checked, /the board noted the challenge/);
    // The server checks it too, on the board's audit page (no JavaScript needed there).
    const other = await browser.newContext({ viewport: PHONE, locale: 'es-BO', javaScriptEnabled: false });
    const auditPage = await other.newPage();
    await auditPage.goto(`${server.url}/boards/${id}/audit`);
    await auditPage.fill('#challenge', block);
    await auditPage.click('#audit-check');
    await auditPage.waitForSelector('#audit-verified');
    assert.match(await auditPage.textContent('#audit-noted'), /ya estaba anotado/);
    assert.equal((await auditPage.textContent('#audit-code')).trim(), first);
    assert.deepEqual(await auditPage.$$eval('#audit-choices li', (lis) => lis.map((li) => li.textContent.trim())),
      ['¿Huelga general indefinida? sí', 'Comando: Ana Quispe, Carla Choque']);
    await auditPage.screenshot({ path: join(shots, 'board-audit-verified.png'), fullPage: true });
    // A block whose shown choice was changed is refused, by the page and by the CLI.
    const lie = JSON.stringify({ ...audit, selections: [[0, 1, 0], [1, 0, 1]] });
    await auditPage.fill('#challenge', lie);
    await auditPage.click('#audit-check');
    await auditPage.waitForSelector('#audit-refused');
    assert.match(await auditPage.textContent('#audit-refused'), /^Rechazada/);
    await other.close();

    // Changing a choice throws the ballot away: what is cast is what is marked.
    await page.check('#q-1-1');
    assert.equal(await page.isVisible('#encrypt-ready'), false);
    await page.uncheck('#q-1-1');
    await page.click('#vote-cast');
    await page.waitForSelector('#encrypt-ready:not([hidden])');
    const cast = (await page.textContent('#encrypt-code')).trim();

    // Cast: the request carries the encrypted ballot alone.
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/boards/${id}/vote`));
    await page.click('#encrypt-cast');
    const body = new URLSearchParams((await posted).postData());
    assert.deepEqual([...body.keys()].sort(), ['ballot_json', 'csrf']);
    assert.equal(JSON.parse(body.get('ballot_json')).credential.length, 64);
    await page.waitForSelector('#tracking-code');
    assert.equal((await page.textContent('#tracking-code')).trim(), cast);
    // The page says the phone encrypted it (not that the server did).
    assert.match(await page.textContent('#encrypted-on-device'), /se cifra en este dispositivo/);
    assert.equal(await page.$('#server-encrypts'), null);
    await page.screenshot({ path: join(shots, 'board-js-cast.png'), fullPage: true });

    // The cast ballot is on the board, the challenged one is not; a second ballot is refused.
    await page.goto(`${server.url}/boards/${id}?code=${cast}`);
    assert.match(await page.textContent('#board-found'), /está en el tablero/);
    await page.goto(`${server.url}/boards/${id}?code=${first}`);
    assert.match(await page.textContent('#board-challenged-found'), /fue desafiada/);
    assert.match(await page.textContent('#board-challenged'), new RegExp(first));
    assert.match(await page.textContent('#board-ballots'), /una papeleta/i);
    await page.goto(`${server.url}/boards/${id}/vote`);
    await page.waitForSelector('form[data-encrypt-ready]');
    await page.check('#q-0-1');
    await page.fill('#credential', credential);
    await page.click('#vote-cast');
    await page.waitForSelector('#encrypt-ready:not([hidden])');
    await page.click('#encrypt-cast');
    await page.waitForSelector('#page-error');
    assert.match(await page.textContent('#page-error'), /ya depositó/);
    // A credential that is not hex is refused on the phone, with the page's own words.
    await page.waitForSelector('form[data-encrypt-ready]');
    await page.check('#q-0-2');
    await page.fill('#credential', 'no-es-una-credencial');
    await page.click('#vote-cast');
    await page.waitForSelector('#encrypt-error:not([hidden])');
    assert.match(await page.textContent('#encrypt-error'), /64 letras y cifras/);
    assert.deepEqual(cspErrors, []);

    // Tally, 2 of 3 trustees decrypt, publish: the record passes the independent verifier.
    run('election', 'tally', '--board', e.board, '--token', e.tokens.organizer);
    for (const i of [1, 3]) run('trustee', 'decrypt', '--board', e.board, '--secret', e.secret(i));
    const record = join(dir, 'record.json');
    const published = run('election', 'publish', '--board', e.board, '--token', e.tokens.organizer, '--out', record);
    assert.match(published, /result \[\[1, 0, 0\], \[1, 0, 1\]\]/);
    const verified = run('verify-election', record);
    assert.match(verified, /ok {2}result/);

    const axe = await axeOver(await browser.newContext({ viewport: PHONE, locale: 'es-BO', javaScriptEnabled: true, bypassCSP: true }),
      server.url, [`/boards/${id}/vote`]);
    assert.deepEqual(axe, []);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
