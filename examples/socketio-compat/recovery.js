'use strict';
// Socket.IO connection state recovery with the official client, one scenario per run:
// `node recovery.js <http base URL> <scenario>`. Exit code 0 when the scenario passed; 1 with the
// reason on stderr otherwise; 2 on the overall time limit. Run by the JUnit test SocketIoRecoveryTest.
const { check, newCompany, token, once, never, sio, upgraded, request, WAIT_MS } = require('./lib');
const { io } = require('socket.io-client');

/** Resolves once `condition()` holds (checked on every `event` of `emitter`), or rejects after ms. */
function until(emitter, event, condition, what, ms = WAIT_MS) {
  return new Promise((resolve, reject) => {
    if (condition()) return resolve();
    const timer = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const on = () => {
      if (condition()) {
        clearTimeout(timer);
        emitter.off(event, on);
        resolve();
      }
    };
    emitter.on(event, on);
  });
}

async function send(agent, to, message) {
  const reply = await request(agent, 'chat:message', { to, message });
  check(reply.ok === true, `sending ${message}: ${JSON.stringify(reply)}`);
  return reply;
}

/**
 * A visitor receives messages, its Engine.IO connection is closed under it (a network blip), the
 * agent sends more while it is away, and the client's own automatic reconnection recovers them:
 * `recovered` is true, the socket id is the same, every message arrives exactly once, in order.
 */
async function recoverAfterBlip(base, transports) {
  const company = newCompany();
  const visitorId = `rc-visitor-${company.slice(0, 8)}`; // user ids are global across companies
  const agent = await sio(base, await token(base, `rc-agent-${company.slice(0, 8)}`, 'commercial', company), { transports: ['websocket'] });
  const options = {
    auth: { token: await token(base, visitorId, 'visitor', company) },
    reconnectionDelay: 1000, reconnectionDelayMax: 1000, randomizationFactor: 0,
  };
  if (transports) options.transports = transports;
  const visitor = io(base, options);
  const received = [];
  const offsets = [];
  visitor.on('chat:message', (m, offset) => {
    received.push(m.message);
    offsets.push(offset);
  });
  await once(visitor, 'connect');
  if (!transports) await upgraded(visitor);
  check(visitor.recovered === false, 'a first connect is not a recovery');
  const firstId = visitor.id;

  for (let i = 1; i <= 3; i++) await send(agent, visitorId, `m${i}`);
  await until(visitor, 'chat:message', () => received.length >= 3, 'the live messages');
  check(offsets.every((o) => typeof o === 'string' && o.length > 0), `kept events carry an offset: ${JSON.stringify(offsets)}`);

  const dropped = once(visitor, 'disconnect', WAIT_MS, 'the disconnect');
  visitor.io.engine.close(); // the network blip
  const [reason] = await dropped;
  check(reason !== 'io server disconnect' && reason !== 'io client disconnect', `disconnect reason ${reason}`);
  for (let i = 4; i <= 8; i++) await send(agent, visitorId, `m${i}`);

  await once(visitor, 'connect', 20_000, 'the automatic reconnection');
  console.log(`reconnected: ${received.length} messages at connect`);
  check(visitor.recovered === true, `socket.recovered is ${visitor.recovered}`);
  check(visitor.id === firstId, `the same socket id after recovery (${visitor.id}, was ${firstId})`);

  await send(agent, visitorId, 'm9'); // live again, after everything replayed
  await until(visitor, 'chat:message', () => received.includes('m9'), 'the message after the reconnection');
  const expected = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'];
  check(JSON.stringify(received) === JSON.stringify(expected), `every message once, in order: ${JSON.stringify(received)}`);
  const numbers = offsets.map((o) => Number(o.split('.')[0]));
  // increasing: other kept events of the visitor (assignment, its conversation's joins) take offsets too
  check(numbers.every((n, i) => i === 0 || n > numbers[i - 1]), `increasing offsets: ${JSON.stringify(offsets)}`);
  if (!transports) await upgraded(visitor);

  // a second blip right away, with no message missed: still recovered, nothing replayed twice
  const droppedAgain = once(visitor, 'disconnect', WAIT_MS, 'the second disconnect');
  visitor.io.engine.close();
  await droppedAgain;
  await once(visitor, 'connect', 20_000, 'the second reconnection');
  check(visitor.recovered === true, `second recovery: socket.recovered is ${visitor.recovered}`);
  await send(agent, visitorId, 'm10');
  await until(visitor, 'chat:message', () => received.includes('m10'), 'the message after the second reconnection');
  check(JSON.stringify(received) === JSON.stringify([...expected, 'm10']), `after the second blip: ${JSON.stringify(received)}`);
  visitor.close();
  agent.close();
}

/** A client whose private session id is set before it connects (a page that kept it). */
function withPid(base, tokenValue, pid, offset) {
  const socket = io(base, { auth: { token: tokenValue }, transports: ['websocket'], autoConnect: false, reconnection: false });
  socket._pid = pid;
  socket._lastOffset = offset;
  return socket;
}

const scenarios = {
  async 'recovery-websocket-only'(base) {
    await recoverAfterBlip(base, ['websocket']);
  },

  async 'recovery-default-transports'(base) {
    await recoverAfterBlip(base, undefined);
  },

  // Another user's pid (and a made-up one) gets a normal connect: recovered false, a new session
  // id and pid, and nothing of the other user's stream. The owner still recovers with it.
  async 'recovery-with-another-users-pid'(base) {
    const company = newCompany();
    const id = (name) => `${name}-${company.slice(0, 8)}`; // user ids are global across companies
    const agent = await sio(base, await token(base, id('fp-agent'), 'commercial', company), { transports: ['websocket'] });
    const victimToken = await token(base, id('fp-victim'), 'visitor', company);
    const victim = await sio(base, victimToken, { transports: ['websocket'] });
    const got = once(victim, 'chat:message');
    await send(agent, id('fp-victim'), 'before');
    await got;
    const victimPid = victim._pid;
    const victimOffset = victim._lastOffset;
    const victimId = victim.id;
    check(typeof victimPid === 'string' && typeof victimOffset === 'string', 'the victim has a pid and an offset');
    victim.io.engine.close(); // away; a message is kept for it
    await send(agent, id('fp-victim'), 'secret');

    const intruderToken = await token(base, id('fp-intruder'), 'visitor', company);
    for (const [what, pid, offset] of [
      ["the victim's pid", victimPid, victimOffset],
      ["the victim's pid, no offset", victimPid, undefined],
      ['a made-up pid', `${victimId}.0.AAAAAAAAAAAAAAAAAAAAAA`, '0.AAAAAA'],
      ['a malformed pid', '{"not":"a pid"}', 'x'],
    ]) {
      const intruder = withPid(base, intruderToken, pid, offset);
      const quiet = never(intruder, 'chat:message', 1000, `a message to the victim (${what})`);
      intruder.connect();
      await once(intruder, 'connect', WAIT_MS, `the intruder's connect (${what})`);
      check(intruder.recovered === false, `${what}: recovered is ${intruder.recovered}`);
      check(intruder.id !== victimId, `${what}: the intruder got the victim's socket id`);
      check(typeof intruder._pid === 'string' && intruder._pid !== victimPid, `${what}: the intruder got the victim's pid`);
      await quiet;
      intruder.close();
    }

    // the owner, with its own pid and offset, recovers what it missed
    const owner = withPid(base, victimToken, victimPid, victimOffset);
    const secret = once(owner, 'chat:message', WAIT_MS, 'the kept message');
    owner.connect();
    await once(owner, 'connect');
    check(owner.recovered === true, `the owner's recovery: ${owner.recovered}`);
    check(owner.id === victimId, 'the owner keeps its socket id');
    const [m] = await secret;
    check(m.message === 'secret', `the owner got ${JSON.stringify(m)}`);
    owner.close();
    agent.close();
  },
};

async function main() {
  const [base, name] = process.argv.slice(2);
  const scenario = scenarios[name];
  if (!base || !scenario) {
    console.error(`usage: node recovery.js <base URL> <${Object.keys(scenarios).join('|')}>`);
    process.exit(64);
  }
  const limit = setTimeout(() => {
    console.error(`${name}: over the 60 s limit`);
    process.exit(2);
  }, 60_000);
  try {
    await scenario(base.replace(/\/$/, ''));
    clearTimeout(limit);
    console.log(`PASS ${name}`);
    process.exit(0);
  } catch (e) {
    console.error(`FAIL ${name}: ${e.stack || e}`);
    process.exit(1);
  }
}

main();
