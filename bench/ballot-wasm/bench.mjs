// Ballot creation in Chromium (the vote page's WebAssembly, crates/web/static/ballot.wasm) with the
// CPU throttled as a phone's (CDP Emulation.setCPUThrottlingRate 1x, 4x, 6x); BENCHMARKS.md,
// "Secret ballots". Run from the repository (after `cd e2e && npm ci`):
//   node bench/ballot-wasm/bench.mjs [BALLOTS_PER_SHAPE]
// Prints, per ballot, the CPU time of Chromium's renderer unthrottled (from /proc: what a free core
// does, comparable to bench_ballots.rs's CPU-seconds on a machine shared with other work) and the
// wall time (median of 5 batches) at each throttling rate. WASM=path measures another build.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { chromium } = createRequire(join(repo, 'e2e', 'package.json'))('playwright-core');
const wasm = readFileSync(process.env.WASM || join(repo, 'crates', 'web', 'static', 'ballot.wasm')).toString('base64');
const base = JSON.parse(readFileSync(join(repo, 'crates', 'ballot-wasm', 'tests', 'vectors', 'made-natively.json'), 'utf8')).manifest;
const n = Number(process.argv[2] || 20);

const letters = (k) => [...'abcdefghij'].slice(0, k);
const shapes = [
  ['yes/no/abstain', { title: 'q', choices: ['yes', 'no', 'abstain'], method: { kind: 'yes_no_abstain' } }, [[1, 0, 0]]],
  ['choose one of 5', { title: 'q', choices: letters(5), method: { kind: 'choose_one' } }, [[0, 0, 1, 0, 0]]],
  ['approval up to 5 of 10', { title: 'q', choices: letters(10), method: { kind: 'approval', max: 5 } }, [[1, 1, 0, 1, 0, 0, 0, 0, 0, 1]]],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();

/** CPU seconds (user + system) of every process under `root`, not counting it (the browser this
 * script launched and its renderers). */
function treeCpu(root) {
  const procs = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8').split(')').pop().trim().split(' ');
      procs.push({ pid: Number(d), ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch { /* gone */ }
  }
  const inside = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!inside.has(p.pid) && inside.has(p.ppid)) { inside.add(p.pid); grew = true; }
  }
  return procs.filter((p) => inside.has(p.pid) && p.pid !== root).reduce((s, p) => s + p.cpu, 0);
}
const browserPid = process.pid;
await page.goto('about:blank');
const cdp = await page.context().newCDPSession(page);
await page.evaluate(async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  let memory;
  const { instance } = await WebAssembly.instantiate(bytes, {
    asamblea: { random_fill: (ptr, len) => crypto.getRandomValues(new Uint8Array(memory.buffer, ptr, len)) },
  });
  memory = instance.exports.memory;
  // The same calls as static/encrypt.js makes.
  window.makeBallot = (input) => {
    const x = instance.exports;
    const data = new TextEncoder().encode(JSON.stringify(input));
    const ptr = x.alloc(data.length);
    new Uint8Array(memory.buffer, ptr, data.length).set(data);
    const len = x.make_ballot(ptr, data.length);
    return JSON.parse(new TextDecoder().decode(new Uint8Array(memory.buffer, x.output_ptr(), len)));
  };
}, wasm);

console.log(`| ballot (one question) | Chromium CPU (ms) | ${[1, 4, 6].map((r) => `wall ${r}× (ms)`).join(' | ')} |`);
console.log('|---|---:|---:|---:|---:|');
for (const [name, question, selections] of shapes) {
  const input = { manifest: { ...base, questions: [question] }, credential: '', selections };
  const row = [];
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  // Warm: the module's optimizing tier compiles in the background after the first calls.
  await page.evaluate(({ input }) => { for (let i = 0; i < 20; i++) window.makeBallot(input); }, { input });
  const c0 = treeCpu(browserPid);
  const runs = await page.evaluate(({ input, n }) => {
    for (let i = 0; i < 5 * n; i++) window.makeBallot(input);
    return 5 * n;
  }, { input, n });
  row.push((((treeCpu(browserPid) - c0) / runs) * 1000).toFixed(2));
  for (const rate of [1, 4, 6]) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const ms = await page.evaluate(({ input, n }) => {
      const first = window.makeBallot(input);
      if (!first.ok) throw new Error(JSON.stringify(first));
      const batches = [];
      for (let b = 0; b < 5; b++) {
        const t0 = performance.now();
        for (let i = 0; i < n; i++) window.makeBallot(input);
        batches.push((performance.now() - t0) / n);
      }
      batches.sort((a, b) => a - b);
      return batches[2];
    }, { input, n });
    row.push(ms.toFixed(1));
  }
  console.log(`| ${name} | ${row.join(' | ')} |`);
}
await browser.close();
