#!/usr/bin/env node
// Issue 3 acceptance: the demo page works in a real browser (Debian Chromium, headless, driven by
// playwright-core; no browser download).
//
//   node demo-page.mjs [BASE_URL]            (default http://127.0.0.1:8080, or $REALTIME_BASE_URL)
//
// Two browser contexts (two separate profiles, like two people) open the demo page: one acts as
// the visitor (its Visitor panel), the other as the commercial (its Commercial panel).
//  0. the visitor presses Send before connecting: the panel says it is not connected;
//  1. the commercial connects through the UI (Connect button; the panel says "online as <id>");
//  2. the visitor connects through the UI; the commercial's "Visitors online" list shows it
//     (the visitor:connected push);
//  3. the visitor types a message and presses Send: it appears in the commercial's log as
//     "<visitor>: <message>", and the visitor's log says it was delivered;
//  4. the commercial answers through its form: it appears in the visitor's log;
//  5. the commercial disconnects and reconnects: the list shows the visitor again (the
//     presence:list snapshot);
//  6. the visitor disconnects: it leaves the commercial's list (after the server's grace period).
// Throughout, the pages must raise no JavaScript error, log no console error and get no HTTP
// error (a missing favicon included).
// Exit 0 when every step passed; 1 with "FAIL <step>: <why>", both panels' logs and a screenshot
// of each page in examples/target/ (or $E2E_SCREENSHOT_DIR) otherwise; 2 on the global timeout.
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_TIMEOUT_MS (default 60000).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const BASE = new URL(process.argv[2] || process.env.REALTIME_BASE_URL || 'http://127.0.0.1:8080');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const GLOBAL_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 60000);
const SHOTS = resolve(process.env.E2E_SCREENSHOT_DIR || join(HERE, '..', 'target'));
const STEP_MS = 10000;
// The flags known to work on these machines: no GPU, no QUIC, and no background traffic to
// Google's hosts (the network is closed; without them Chromium keeps failing to reach them).
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let step = 'start';
let browser = null;
let profile = null;
const pages = []; // {name, page, panel}
const problems = []; // JavaScript errors and console errors of the pages

function log(msg) {
  console.log(`[demo-page] ${msg}`);
}

async function panelLogs() {
  for (const { name, page, panel } of pages) {
    try {
      const status = await page.locator(`${panel} .status`).textContent({ timeout: 1000 });
      const lines = await page.locator(`${panel} .log div`).allTextContents({ timeout: 1000 });
      const presence = await page.locator(`${panel} ul.presence li`).allTextContents({ timeout: 1000 });
      console.error(`  ${name} page, ${panel} panel: status "${status}", presence [${presence.join(', ')}]`);
      for (const l of lines) console.error(`    ${l}`);
    } catch (e) {
      console.error(`  ${name} page: cannot read the panel (${e.message.split('\n')[0]})`);
    }
  }
}

async function screenshots() {
  try {
    mkdirSync(SHOTS, { recursive: true });
  } catch { /* reported below */ }
  for (const { name, page } of pages) {
    const file = join(SHOTS, `demo-page-failure-${name}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true, timeout: 5000 });
      console.error(`  screenshot: ${file}`);
    } catch (e) {
      console.error(`  no screenshot of the ${name} page: ${e.message.split('\n')[0]}`);
    }
  }
}

let failing = false;
async function fail(why, code = 1) {
  if (failing) return;
  failing = true;
  console.error(`[demo-page] FAIL ${step}: ${why}`);
  if (problems.length) console.error(`  page errors: ${problems.join(' | ')}`);
  await panelLogs();
  await screenshots();
  await shutdown();
  process.exit(code);
}

async function shutdown() {
  try {
    if (browser) await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]);
  } catch { /* the process exits anyway, and Playwright kills the browser it launched */ }
  if (profile) rmSync(profile, { recursive: true, force: true });
}

const globalTimer = setTimeout(() => fail(`global timeout of ${GLOBAL_TIMEOUT_MS} ms exceeded`, 2), GLOBAL_TIMEOUT_MS);
process.on('unhandledRejection', (e) => fail(e && e.stack ? e.stack : String(e)));

function check(condition, why) {
  if (!condition) throw new Error(why);
}

/** Waits (bounded) until the locator's text contains `text`, with a clear message otherwise. */
async function expectText(locator, text, what, ms = STEP_MS) {
  try {
    await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: ms });
  } catch {
    throw new Error(`${what}: no "${text}" within ${ms} ms`);
  }
}

async function openAs(name, panel, sub, to) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${name} console: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${name}: ${r.status()} for ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`${name}: request failed ${r.url()} (${r.failure()?.errorText})`));
  pages.push({ name, page, panel });
  const res = await page.goto(new URL('/', BASE).href, { timeout: STEP_MS });
  check(res && res.ok(), `GET / answered ${res && res.status()}`);
  await page.locator(`${panel} input[name=sub]`).fill(sub);
  await page.locator(`${panel} form.chat input[name=to]`).fill(to);
  return page;
}

async function connect(page, panel, sub, what) {
  await page.locator(`${panel} button.connect`).click();
  await expectText(page.locator(`${panel} .status.online`), `online as ${sub}`, `${what} panel status`);
  check(await page.locator(`${panel} button.disconnect`).isEnabled(), `${what}: Disconnect is not enabled once online`);
}

async function disconnect(page, panel, what) {
  await page.locator(`${panel} button.disconnect`).click();
  await expectText(page.locator(`${panel} .status`), 'offline (1000', `${what} panel status`);
}

async function send(page, panel, message) {
  await page.locator(`${panel} form.chat input[name=message]`).fill(message);
  await page.locator(`${panel} form.chat button`).click();
}

async function main() {
  step = 'launch Chromium';
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium chromium-driver; .ci/run does)`);
  }
  // launch() refuses --user-data-dir: Playwright gives Chromium a new, empty profile directory
  // under os.tmpdir() itself. That tmpdir is a directory of our own, removed at the end, so that
  // no profile or artifact directory is left behind whatever happens.
  profile = mkdtempSync(join(tmpdir(), 'realtimekit-e2e-chromium-'));
  process.env.TMPDIR = profile;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30000 });
  log(`Chromium ${browser.version()} from ${CHROMIUM}; demo ${BASE.href}`);

  const tag = randomUUID().slice(0, 8);
  const visitorId = `visitor-e2e-${tag}`;
  const commercialId = `commercial-e2e-${tag}`;
  const V = '#visitor';
  const C = '#commercial';

  step = 'open the page twice';
  const visitorPage = await openAs('visitor', V, visitorId, commercialId);
  const commercialPage = await openAs('commercial', C, commercialId, visitorId);

  step = 'sending while offline';
  await send(visitorPage, V, 'too early');
  await expectText(visitorPage.locator(`${V} .log .err`), 'not connected', "the visitor's log");

  step = 'the commercial connects';
  await connect(commercialPage, C, commercialId, 'commercial');
  log(`commercial online as ${commercialId}`);

  step = 'the visitor connects';
  await connect(visitorPage, V, visitorId, 'visitor');
  log(`visitor online as ${visitorId}`);

  step = 'presence: the commercial sees the visitor';
  await expectText(commercialPage.locator(`${C} ul.presence li`), visitorId, "the commercial's Visitors online list");
  log('the commercial lists the visitor online');

  step = 'chat: visitor -> commercial';
  const hello = `Hello from the visitor ${tag}`;
  await send(visitorPage, V, hello);
  await expectText(commercialPage.locator(`${C} .log .in`), `${visitorId}: ${hello}`, "the commercial's log");
  await expectText(visitorPage.locator(`${V} .log`), 'chat:message delivered', "the visitor's log");
  check(await visitorPage.locator(`${V} form.chat input[name=message]`).inputValue() === '', 'the message field was not cleared');
  log('the visitor\'s message arrived in the commercial\'s panel');

  step = 'chat: commercial -> visitor';
  const answer = `Hi, how can I help? ${tag}`;
  await send(commercialPage, C, answer);
  await expectText(visitorPage.locator(`${V} .log .in`), `${commercialId}: ${answer}`, "the visitor's log");
  log('the commercial\'s answer arrived in the visitor\'s panel');

  step = 'presence snapshot after the commercial reconnects';
  await disconnect(commercialPage, C, 'commercial');
  check(await commercialPage.locator(`${C} ul.presence li`).count() === 0, 'the list was not emptied on disconnect');
  await connect(commercialPage, C, commercialId, 'commercial');
  await expectText(commercialPage.locator(`${C} ul.presence li`), visitorId, "the commercial's list after reconnecting");
  log('the reconnected commercial lists the visitor (presence:list)');

  step = 'the visitor leaves';
  await disconnect(visitorPage, V, 'visitor');
  try {
    await commercialPage.locator(`${C} ul.presence li`, { hasText: visitorId }).waitFor({ state: 'detached', timeout: STEP_MS });
  } catch {
    throw new Error(`the visitor is still listed online ${STEP_MS} ms after it disconnected`);
  }
  log('the visitor left the commercial\'s list');

  step = 'no page error';
  check(problems.length === 0, `errors in the pages: ${problems.join(' | ')}`);

  clearTimeout(globalTimer);
  await shutdown();
  log('PASS');
  process.exit(0);
}

main().catch((e) => fail(e && e.message ? e.message : String(e)));
