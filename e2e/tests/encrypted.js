// What the browser tests of encrypted secret ballots (issue 14) share: a demo server with its
// administrator, a headless chromium and a folder for the trustees' secrets; the `asamblea`
// binary for the trustees' and the organizer's commands; SQL on the server's SQLite file; and an
// assembly whose secret ballots are encrypted (2 of 3 trustees run the key ceremony on its key
// board with `asamblea trustee`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { api, repo, startServer } from './harness.js';

export const slug = 'asamblea-popular-1971';
const binary = process.env.ASAMBLEA_BIN || join(repo, 'target', 'debug', 'asamblea');

/** Runs `asamblea <args>` (no board token from the environment); returns its output. */
export const run = (...args) => execFileSync(binary, args, { encoding: 'utf8', env: { ...process.env, ASAMBLEA_BOARD_TOKEN: '' } });

/** Runs SQL on the server's SQLite file; returns its output, trimmed. */
export function sql(server, statement) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.db, statement]).toString().trim();
}

/** A headless chromium (contexts are made by each test). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Starts a demo server (its administrator set up: `admin`, a bearer token), a chromium and a
 * folder `dir` named after `name`; `stop()` ends the three. */
export async function start(name) {
  const server = await startServer({ demo: true });
  const dir = mkdtempSync(join(tmpdir(), `asamblea-${name}-`));
  const browser = await launch();
  const stop = async () => {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const admin = (await api(server, 'POST', '/api/v1/setup', null,
      { token: server.setup, username: 'admin', display_name: 'Admin', password: 'una contraseña larga' })).token;
    return { server, dir, browser, admin, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Encrypts the assembly's secret ballots, 2 of 3 trustees whose secrets are kept in `dir`; the
 * key ceremony is run. Returns { kb: the key board's URL, tokens, secret(i): trustee i's file }. */
export async function encryptAssembly(server, admin, dir) {
  const set = await api(server, 'PUT', `/api/v1/assemblies/${slug}/secret-ballots`, admin,
    { secret_ballots: 'encrypted', trustees: 3, threshold: 2 });
  const tokens = Object.fromEntries(set.tokens);
  const kb = `${server.url}/api/v1/boards/${set.key_board}`;
  const secret = (i) => join(dir, `t${i}.secret`);
  for (const i of [1, 2, 3]) run('trustee', 'init', '--board', kb, '--index', `${i}`, '--secret', secret(i), '--token', tokens[`trustee-${i}`]);
  for (const step of ['deal', 'check']) for (const i of [1, 2, 3]) run('trustee', step, '--board', kb, '--secret', secret(i));
  run('election', 'key', '--board', kb, '--token', tokens.organizer);
  return { kb, tokens, secret };
}
