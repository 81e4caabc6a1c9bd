#!/usr/bin/env node
// Issue 3 acceptance with a client no one wrote for this project: Node's `ws` package.
//
//   node ws-acceptance.mjs [BASE_URL]        (default http://127.0.0.1:8080, or $REALTIME_BASE_URL)
//
// Against a running example server (java -jar examples/target/realtime-example.jar):
//  1. GET /dev/token for a commercial and a visitor of one company (a fresh company id, so that
//     nobody else on the server can interfere), both connect to /realtime and authenticate with
//     their first frame, and each gets {"type":"connected"} with its own user id and company;
//  2. the commercial sends chat:message {to: visitor, message} with an id: the visitor receives
//     chat:message {id, from, to, message, sentAt} and the commercial gets the ok reply {id, sentAt}
//     with the same message id;
//  3. both go quiet, then a third client authenticates with a forged token (right claims, signed
//     with another secret): it gets an UNAUTHORIZED error that does not echo the token, and close
//     code 4401; during a bounded wait after that, neither of the first two receives any frame;
//  4. the first two are still connected and working: the visitor answers, the commercial receives.
// Exit 0 when every step passed; 1 with "FAIL <step>: <why>" and the frames seen otherwise; 2 on
// the global timeout. Environment: E2E_TIMEOUT_MS (global, default 30000), E2E_QUIET_MS (the
// silence window after the forgery, default 1500).
import { createHmac, randomUUID } from 'node:crypto';
import WebSocket from 'ws';

const BASE = new URL(process.argv[2] || process.env.REALTIME_BASE_URL || 'http://127.0.0.1:8080');
const GLOBAL_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 30000);
const QUIET_MS = Number(process.env.E2E_QUIET_MS || 1500);
const STEP_MS = 5000;
const WS_URL = new URL('/realtime', BASE);
WS_URL.protocol = BASE.protocol === 'https:' ? 'wss:' : 'ws:';

const clients = [];
let step = 'start';

function log(msg) {
  console.log(`[ws-acceptance] ${msg}`);
}

function dump() {
  for (const c of clients) {
    console.error(`  frames received by ${c.name} (${c.frames.length}):`);
    for (const f of c.frames) console.error(`    +${f.at - START}ms ${f.raw.slice(0, 300)}`);
    if (c.close) console.error(`    closed ${c.close.code} ${c.close.reason}`);
  }
}

function fail(why, code = 1) {
  console.error(`[ws-acceptance] FAIL ${step}: ${why}`);
  dump();
  for (const c of clients) c.ws?.terminate();
  process.exit(code);
}

const START = Date.now();
setTimeout(() => fail(`global timeout of ${GLOBAL_TIMEOUT_MS} ms exceeded`, 2), GLOBAL_TIMEOUT_MS);
process.on('unhandledRejection', (e) => fail(e && e.stack ? e.stack : String(e)));

function check(condition, why) {
  if (!condition) fail(why);
}

/** A WebSocket client that records every text frame and lets the script wait for one. */
class Client {
  constructor(name) {
    this.name = name;
    this.frames = []; // {at, raw, json}
    this.waiters = [];
    this.close = null;
    this.closeWaiters = [];
    clients.push(this);
  }

  open() {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(WS_URL, { handshakeTimeout: STEP_MS });
      this.ws.on('message', (data, isBinary) => {
        const raw = isBinary ? `<binary ${data.length} bytes>` : data.toString('utf8');
        let json = null;
        try { json = isBinary ? null : JSON.parse(raw); } catch { /* kept raw, checked by the waiters */ }
        const frame = { at: Date.now(), raw, json };
        this.frames.push(frame);
        for (const w of [...this.waiters]) w(frame);
      });
      this.ws.on('close', (code, reason) => {
        this.close = { code, reason: reason.toString('utf8') };
        for (const w of this.closeWaiters) w(this.close);
      });
      this.ws.on('error', (e) => { if (this.ws.readyState !== WebSocket.OPEN) reject(e); });
      this.ws.on('open', resolve);
    });
  }

  send(obj) {
    this.ws.send(JSON.stringify(obj));
  }

  /** The first frame (already received or to come) that matches, within ms. */
  waitFor(what, predicate, ms = STEP_MS) {
    const seen = this.frames.find((f) => f.json && predicate(f.json));
    if (seen) return Promise.resolve(seen.json);
    return new Promise((resolve) => {
      const timer = setTimeout(() => fail(`${this.name} did not receive ${what} within ${ms} ms`), ms);
      const waiter = (f) => {
        if (f.json && predicate(f.json)) {
          clearTimeout(timer);
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          resolve(f.json);
        }
      };
      this.waiters.push(waiter);
    });
  }

  waitClose(ms = STEP_MS) {
    if (this.close) return Promise.resolve(this.close);
    return new Promise((resolve) => {
      const timer = setTimeout(() => fail(`${this.name} was not closed within ${ms} ms`), ms);
      this.closeWaiters.push((c) => { clearTimeout(timer); resolve(c); });
    });
  }

  /** Resolves once no frame has arrived for quietMs (at most maxMs in all). */
  async quiet(quietMs, maxMs = STEP_MS) {
    const until = Date.now() + maxMs;
    for (;;) {
      const last = this.frames.length ? this.frames[this.frames.length - 1].at : 0;
      const idle = Date.now() - last;
      if (idle >= quietMs) return;
      if (Date.now() > until) fail(`${this.name} never went quiet for ${quietMs} ms`);
      await sleep(quietMs - idle);
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function devToken(sub, role, companyId) {
  const url = new URL('/dev/token', BASE);
  url.search = new URLSearchParams({ sub, role, companyId }).toString();
  let res;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(STEP_MS) });
  } catch (e) {
    fail(`GET ${url} failed: ${e.message}${e.cause ? ' (' + e.cause.message + ')' : ''}`);
  }
  const text = await res.text();
  check(res.status === 200, `GET ${url} answered ${res.status}: ${text}`);
  const body = JSON.parse(text);
  check(typeof body.token === 'string' && body.token.split('.').length === 3, `no JWT in ${text}`);
  return body.token;
}

function b64url(obj) {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

/** A token with the right claims, signed with a secret the server does not know. */
function forgedToken(sub, role, companyId) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url({ typ: 'JWT', alg: 'HS256' });
  const claims = b64url({ sub, companyId, roles: [role], iat: now, exp: now + 3600, jti: randomUUID() });
  const sig = createHmac('sha256', 'not-the-server-secret-' + randomUUID()).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${sig}`;
}

async function connect(client, token, sub, companyId) {
  step = `connect ${client.name}`;
  try {
    await client.open();
  } catch (e) {
    fail(`cannot open ${WS_URL}: ${e.message}`);
  }
  client.send({ type: 'connect', token });
  const connected = await client.waitFor('{"type":"connected"}', (f) => f.type === 'connected' || f.type === 'error');
  check(connected.type === 'connected', `authentication refused: ${JSON.stringify(connected)}`);
  check(connected.data && connected.data.userId === sub, `connected as ${JSON.stringify(connected.data)}, expected userId ${sub}`);
  check(connected.data.companyId === companyId, `connected in company ${connected.data.companyId}, expected ${companyId}`);
  check(typeof connected.data.connectionId === 'string' && connected.data.connectionId.length > 0, 'no connectionId');
  log(`${client.name} connected as ${sub} (connection ${connected.data.connectionId})`);
}

async function chat(from, fromSub, to, toSub, id, message) {
  from.send({ event: 'chat:message', data: { to: toSub, message }, id });
  const reply = await from.waitFor(`the reply to id ${id}`, (f) => f.reply === id);
  check(reply.ok === true, `chat:message refused: ${JSON.stringify(reply)}`);
  check(reply.data && typeof reply.data.id === 'string' && reply.data.id.length > 0, `reply without a message id: ${JSON.stringify(reply)}`);
  check(typeof reply.data.sentAt === 'string', `reply without sentAt: ${JSON.stringify(reply)}`);
  const got = await to.waitFor(`chat:message "${message}"`, (f) => f.event === 'chat:message' && f.data && f.data.message === message);
  const d = got.data;
  check(d.id === reply.data.id, `message id ${d.id} differs from the reply's ${reply.data.id}`);
  check(d.from === fromSub, `from is ${d.from}, expected ${fromSub}`);
  check(d.to === toSub, `to is ${d.to}, expected ${toSub}`);
  check(typeof d.sentAt === 'string' && !Number.isNaN(Date.parse(d.sentAt)), `sentAt is not a date: ${d.sentAt}`);
  log(`${from.name} -> ${to.name}: "${message}" delivered (id ${d.id}, sentAt ${d.sentAt}), reply ok`);
}

async function main() {
  log(`server ${BASE.href}, socket ${WS_URL.href}`);
  const company = randomUUID();
  const tag = randomUUID().slice(0, 8);
  const commercialSub = `e2e-commercial-${tag}`;
  const visitorSub = `e2e-visitor-${tag}`;

  step = 'dev tokens';
  const commercialToken = await devToken(commercialSub, 'commercial', company);
  const visitorToken = await devToken(visitorSub, 'visitor', company);

  const commercial = new Client('commercial');
  const visitor = new Client('visitor');
  await connect(commercial, commercialToken, commercialSub, company);
  await connect(visitor, visitorToken, visitorSub, company);
  step = 'presence';
  await commercial.waitFor(`visitor:connected ${visitorSub}`, (f) => f.event === 'visitor:connected' && f.data && f.data.userId === visitorSub);
  log(`commercial saw visitor:connected ${visitorSub}`);

  step = 'chat commercial -> visitor';
  await chat(commercial, commercialSub, visitor, visitorSub, 1, `hello from the commercial ${tag}`);

  step = 'quiet before the forgery';
  await Promise.all([commercial.quiet(500), visitor.quiet(500)]);
  const before = { commercial: commercial.frames.length, visitor: visitor.frames.length };

  step = 'forged token';
  const intruderSub = `e2e-intruder-${tag}`;
  const forged = forgedToken(intruderSub, 'visitor', company);
  const intruder = new Client('intruder');
  try {
    await intruder.open();
  } catch (e) {
    fail(`cannot open ${WS_URL}: ${e.message}`);
  }
  intruder.send({ type: 'connect', token: forged });
  const closed = await intruder.waitClose();
  check(closed.code === 4401, `intruder closed with ${closed.code} ${closed.reason}, expected 4401`);
  check(!intruder.frames.some((f) => f.json && f.json.type === 'connected'), 'the forged token was accepted');
  const error = intruder.frames.find((f) => f.json && f.json.type === 'error');
  check(error && error.json.data && error.json.data.code === 'UNAUTHORIZED', `expected an UNAUTHORIZED error frame before the close, got ${JSON.stringify(intruder.frames.map((f) => f.raw))}`);
  check(!intruder.frames.some((f) => f.raw.includes(forged.split('.')[2])), 'the error echoes the token');
  log(`intruder: ${error.raw} then close ${closed.code}`);

  step = 'the others see nothing of the forgery';
  await sleep(QUIET_MS);
  const leaked = [
    ...commercial.frames.slice(before.commercial).map((f) => `commercial got ${f.raw}`),
    ...visitor.frames.slice(before.visitor).map((f) => `visitor got ${f.raw}`),
  ];
  check(leaked.length === 0, `frames after the forgery: ${leaked.join(' | ')}`);
  check(commercial.ws.readyState === WebSocket.OPEN && visitor.ws.readyState === WebSocket.OPEN,
    'a legitimate client was closed');
  log(`no frame reached the commercial or the visitor within ${QUIET_MS} ms of the forgery`);

  step = 'still working after the forgery';
  await chat(visitor, visitorSub, commercial, commercialSub, 2, `hello back from the visitor ${tag}`);

  step = 'close';
  for (const c of [visitor, commercial]) c.ws.close(1000, 'done');
  await Promise.all([visitor.waitClose(), commercial.waitClose()]);
  log('PASS');
  process.exit(0);
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
