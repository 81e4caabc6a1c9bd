'use strict';
// The official socket.io-client (pinned in ../../socketio-compat) against the Spring Boot example:
//   node client.js <base-url> <default|websocket> <agentToken> <agentId> <visitorToken> <visitorId>
// "default" connects with the client's default options (long-polling, then the upgrade to
// WebSocket); "websocket" with transports: ['websocket']. Prints "PASS <mode>" and exits 0, or
// prints the failure and exits 1. Tokens come from the JUnit test (the example mints none).
const { check, once, sio, upgraded, request } = require('../../socketio-compat/lib.js');

async function main() {
  const [base, mode, agentToken, agentId, visitorToken, visitorId] = process.argv.slice(2);
  check(mode === 'default' || mode === 'websocket', `mode ${mode}`);
  const options = mode === 'websocket' ? { transports: ['websocket'] } : {};

  const agent = await sio(base, agentToken, options);
  const visitor = await sio(base, visitorToken, options);
  console.log(`connected (${visitor.io.engine.transport.name})`);
  await upgraded(visitor);
  await upgraded(agent);

  // the application's own @RealtimeEvent handler, and its notification to the commercials
  const lead = once(agent, 'lead:new');
  const opened = await request(visitor, 'visitor:open-chat', { topic: 'socket.io' });
  check(opened.ok === true && opened.data.topic === 'socket.io', `open-chat reply: ${JSON.stringify(opened)}`);
  const [leadData] = await lead;
  check(leadData.visitorId === visitorId, `lead:new: ${JSON.stringify(leadData)}`);

  // chat through the library, with acknowledgements
  const toAgent = once(agent, 'chat:message');
  const sent = await request(visitor, 'chat:message', { to: agentId, message: `hello over ${mode}` });
  check(sent.ok === true && typeof sent.data.id === 'string', `chat reply: ${JSON.stringify(sent)}`);
  const [received] = await toAgent;
  check(received.from === visitorId && received.message === `hello over ${mode}`, `agent got ${JSON.stringify(received)}`);

  check(visitor.io.engine.transport.name === 'websocket', 'the visitor ends on websocket');
  visitor.close();
  agent.close();
  console.log(`PASS ${mode}`);
}

main().then(() => process.exit(0), (err) => {
  console.error(`FAIL ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
