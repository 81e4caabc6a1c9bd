'use strict';
// Polling without sticky sessions: `node nonsticky.js <proxy base URL> <scenario>`, the base being a
// round-robin proxy over two example nodes in cluster mode (NonStickyPollingTest starts them). Every
// HTTP request of the client reaches either node; the node that does not hold the Engine.IO session
// forwards it through Redis. Exit code 0 when the scenario passed, 1 otherwise, 2 over the limit.
const { check, newCompany, token, once, request } = require('./lib');
const { io } = require('socket.io-client');

const WAIT_MS = 20_000;

/** A connected client with the library's defaults (reconnection on) plus `options`. */
async function connected(base, tokenValue, options) {
  const socket = io(base, { auth: { token: tokenValue }, ...options });
  const outcome = await Promise.race([
    once(socket, 'connect', WAIT_MS).then(() => null),
    once(socket, 'connect_error', WAIT_MS).then(([err]) => err),
  ]);
  if (outcome) {
    socket.close();
    throw new Error(`connect_error: ${outcome.message}`);
  }
  return socket;
}

/** The node that holds the Engine.IO session of `socket`: its sid starts with the node's id. */
function owner(socket) {
  return socket.io.engine.id.split('~')[0];
}

/** chat:message from `from` to user `to` (held by `receiver`), acknowledged and received. */
async function chat(from, to, receiver, message) {
  const received = once(receiver, 'chat:message', WAIT_MS, `${message} to arrive`);
  const reply = await request(from, 'chat:message', { to, message }, WAIT_MS);
  check(reply.ok === true && typeof reply.data.id === 'string', `reply to ${message}: ${JSON.stringify(reply)}`);
  const [msg] = await received;
  check(msg.id === reply.data.id && msg.message === message, `received ${JSON.stringify(msg)} for ${message}`);
}

async function chatBothWays(agent, visitor, ids, round) {
  for (let i = 0; i < 3; i++) {
    await chat(agent, ids.visitor, visitor, `to visitor ${round}.${i}`);
    await chat(visitor, ids.agent, agent, `to agent ${round}.${i}`);
  }
}

async function run(base, options, name) {
  const company = newCompany();
  const tag = company.slice(0, 8); // user ids are global: fresh ones for each run
  const ids = { agent: `ns-agent-${name}-${tag}`, visitor: `ns-visitor-${name}-${tag}` };
  const agentToken = await token(base, ids.agent, 'commercial', company);
  const visitorToken = await token(base, ids.visitor, 'visitor', company);
  const agent = await connected(base, agentToken, options);
  let visitor = await connected(base, visitorToken, options);
  // the two clients on different nodes: each request of either reaches both nodes in turn anyway.
  // The proxy alternates per connection and a connect may open an even number of them, which
  // would land every retry's handshake on the same node: every other retry, one more request
  // (a /health through the proxy) shifts the alternation by one
  for (let tries = 0; owner(visitor) === owner(agent) && tries < 8; tries++) {
    visitor.close();
    if (tries % 2 === 1) {
      await (await fetch(`${base}/health`)).text();
    }
    visitor = await connected(base, visitorToken, options);
  }
  check(owner(visitor) !== owner(agent), `both sessions on ${owner(agent)}`);
  console.log(`sessions: agent on ${owner(agent)}, visitor on ${owner(visitor)}`);
  await chatBothWays(agent, visitor, ids, 1);

  // the visitor's transport drops: the client reconnects by itself (on whichever node) and chats
  const back = once(visitor, 'connect', WAIT_MS, 'the reconnection');
  visitor.io.engine.close();
  await back;
  console.log(`reconnected: visitor on ${owner(visitor)}`);
  await chatBothWays(agent, visitor, ids, 2);
  console.log(`transports: agent ${agent.io.engine.transport.name}, visitor ${visitor.io.engine.transport.name}`);
  agent.close();
  visitor.close();
}

const scenarios = {
  async 'polling-only'(base) {
    await run(base, { transports: ['polling'] }, 'polling');
  },
  // Polling first, then the upgrade probe: it reaches the owner node (upgraded) or the other one
  // (its WebSocket is closed before the probe is answered, and the client goes on polling).
  async 'default-options'(base) {
    await run(base, {}, 'default');
  },
};

async function main() {
  const [base, name] = process.argv.slice(2);
  const scenario = scenarios[name];
  if (!base || !scenario) {
    console.error(`usage: node nonsticky.js <base URL> <${Object.keys(scenarios).join('|')}>`);
    process.exit(64);
  }
  const limit = setTimeout(() => {
    console.error(`${name}: over the 85 s limit`);
    process.exit(2);
  }, 85_000);
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
