// A secret election's board on the server (issue 14), through a browser with JavaScript off: the
// trustees, the credential authority and one voter run `asamblea` against the server; a voter
// without a program votes on /boards/ID/vote (the page says the server sees the choices), gets
// a tracking code and finds it on the board's public page. axe-core finds no serious violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, phone, api, shots, repo } from './harness.js';
import { axeContext, axeOver, PHONE } from './standard.js';

const binary = process.env.ASAMBLEA_BIN || join(repo, 'target', 'debug', 'asamblea');
const run = (...args) => execFileSync(binary, args, { encoding: 'utf8', env: { ...process.env, ASAMBLEA_BOARD_TOKEN: '' } });

test('a voter without JavaScript votes on a board and finds the tracking code', async () => {
  const server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-board-'));
  const { browser, page } = await phone('es-BO');
  try {
    const { token } = await api(server, 'POST', '/api/v1/setup', null,
      { token: server.setup, username: 'admin', display_name: 'Admin', password: 'una contraseña larga' });
    const board = `${server.url}/api/v1/boards/huelga-2026`;
    const tokensFile = join(dir, 'tokens.txt');
    run('election', 'new', '--board', board, '--token', token, '--id', 'huelga-2026', '--title', 'Huelga general',
      '--trustees', '3', '--threshold', '2', '--question', '¿Huelga general indefinida?|yes_no_abstain|sí,no,abstención',
      '--question', 'Comando|approval=2|Ana Quispe,Beto Mamani,Carla Choque', '--tokens-out', tokensFile);
    const tokens = Object.fromEntries(readFileSync(tokensFile, 'utf8').trim().split('\n').map((l) => l.split(' ')));
    const secret = (i) => join(dir, `t${i}.secret`);
    for (const i of [1, 2, 3]) run('trustee', 'init', '--board', board, '--index', `${i}`, '--secret', secret(i), '--token', tokens[`trustee-${i}`]);
    for (const step of ['deal', 'check']) for (const i of [1, 2, 3]) run('trustee', step, '--board', board, '--secret', secret(i));
    run('election', 'key', '--board', board, '--token', tokens.organizer);
    const codes = join(dir, 'codes.txt');
    run('election', 'credentials', '--board', board, '--token', tokens.authority, '--count', '2', '--out', codes);
    const [, credential] = readFileSync(codes, 'utf8').trim().split('\n');

    await page.goto(`${server.url}/boards/huelga-2026/vote`);
    assert.match(await page.textContent('#server-encrypts'), /no para el servidor/);
    await page.check('#q-0-0');
    await page.check('#q-1-0');
    await page.check('#q-1-2');
    await page.fill('#credential', credential);
    await page.click('#vote-cast');
    const code = (await page.textContent('#tracking-code')).trim();
    assert.match(code, /^[0-9a-f]{64}$/);
    await page.screenshot({ path: join(shots, 'board-vote-cast.png'), fullPage: true });

    await page.goto(`${server.url}/boards/huelga-2026`);
    await page.fill('#code', code);
    await page.click('#board-find');
    assert.match(await page.textContent('#board-found'), /está en el tablero/);
    assert.match(await page.textContent('#board-ballots'), /una papeleta/i);
    await page.screenshot({ path: join(shots, 'board-found.png'), fullPage: true });

    const ctx = await axeContext(browser, PHONE);
    const problems = await axeOver(ctx, server.url, ['/boards/huelga-2026', '/boards/huelga-2026/vote', `/boards/huelga-2026?code=${'ab'.repeat(32)}`]);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
