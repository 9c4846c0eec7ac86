// Starts a real `asamblea serve` on loopback with a fresh SQLite data directory, and a headless
// Debian chromium driven by playwright-core, on a 360x740 phone viewport.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
const binary = process.env.ASAMBLEA_BIN || join(repo, 'target', 'debug', 'asamblea');
export const shots = join(repo, 'e2e', 'test-results');
mkdirSync(shots, { recursive: true });

/** Starts the server; resolves with { url, setupLink, stop }. */
export async function startServer({ demo = false, story = false, extraArgs = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'asamblea-e2e-'));
  const args = ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, ...extraArgs];
  if (demo) args.push('--demo'); // the federation
  if (demo && !story) args.push('--no-demo-story'); // without the demo story, unless asked
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ASAMBLEA_DATABASE_URL: '' } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const started = await new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        const link = out.match(/(http:\/\/\S+\/setup\/[0-9a-f]{64})/);
        resolveStart({ url: m[1], setupLink: link ? link[1] : null });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${out}\n${err}`)); });
  });
  child.removeAllListeners('exit');
  return {
    ...started,
    // The set-up token of the link, and the SQLite file (kept until stop) for tests that seat
    // delegates directly in the database.
    setup: started.setupLink ? started.setupLink.split('/setup/')[1] : null,
    db: join(dataDir, 'asamblea.sqlite3'),
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.on('exit', r); });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A headless chromium page on a phone viewport, in `locale`. */
export async function phone(locale = 'es-BO') {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale, javaScriptEnabled: false });
  const page = await context.newPage();
  return { browser, context, page };
}

/** Calls the JSON API (with a bearer token when given); fails the test on any non-2xx answer. */
export async function api(server, method, path, token, body) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
