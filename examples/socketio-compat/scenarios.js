'use strict';
// The compatibility scenarios, one per run: `node scenarios.js <http base URL> <scenario>`.
// Exit code 0 when the scenario passed; 1 with the reason on stderr otherwise; 2 on the overall
// time limit. The JUnit test SocketIoCompatTest runs each of them against the example server.
const { check, newCompany, token, forgedToken, once, never, sio, upgraded, request, NativeClient } = require('./lib');
const { io } = require('socket.io-client');
const crypto = require('node:crypto');

const scenarios = {
  // The acceptance snippet with its default options: polling, then the upgrade to WebSocket, then
  // chat:message both ways with a native-protocol client.
  async 'default-options-upgrade-and-native-chat'(base) {
    const company = newCompany();
    const agent = await NativeClient.connect(base, await token(base, 'agent-1', 'commercial', company));
    const accessToken = await token(base, 'visitor-1', 'visitor', company);

    const socket = io(base, { auth: { token: accessToken } });
    await once(socket, 'connect');
    console.log('connected');
    await upgraded(socket);

    const toAgent = once(agent.events, 'chat:message');
    const reply = await request(socket, 'chat:message', { to: 'agent-1', message: 'hello from socket.io' });
    check(reply.ok === true && typeof reply.data.id === 'string', `visitor's reply: ${JSON.stringify(reply)}`);
    const [received] = await toAgent;
    check(received.from === 'visitor-1' && received.message === 'hello from socket.io', `agent got ${JSON.stringify(received)}`);

    const toVisitor = once(socket, 'chat:message');
    const nativeReply = await agent.request('chat:message', { to: 'visitor-1', message: 'hello from native' });
    check(nativeReply.ok === true, `agent's reply: ${JSON.stringify(nativeReply)}`);
    const [pushed] = await toVisitor;
    check(pushed.from === 'agent-1' && pushed.message === 'hello from native', `visitor got ${JSON.stringify(pushed)}`);
    check(socket.io.engine.transport.name === 'websocket', 'still on websocket');
    socket.close();
    agent.close();
  },

  async 'websocket-only'(base) {
    const company = newCompany();
    const socket = await sio(base, await token(base, 'ws-agent', 'commercial', company), { transports: ['websocket'] });
    check(socket.io.engine.transport.name === 'websocket', `transport ${socket.io.engine.transport.name}`);
    const reply = await request(socket, 'presence:list', {});
    check(reply.ok === true, `presence:list: ${JSON.stringify(reply)}`);
    socket.close();
  },

  // A forged token is refused with connect_error (a message, the code in err.data); the users
  // already connected see nothing of it and keep working.
  async 'forged-token'(base) {
    const company = newCompany();
    const agent = await sio(base, await token(base, 'fa-agent', 'commercial', company));
    const quiet = never(agent, 'visitor:connected', 1500, 'presence of the intruder');
    const intruder = io(base, { auth: { token: forgedToken('intruder', company) }, reconnection: false });
    const [err] = await once(intruder, 'connect_error');
    check(typeof err.message === 'string' && err.message.length > 0, 'connect_error has a message');
    check(err.data && err.data.code === 'UNAUTHORIZED', `connect_error data: ${JSON.stringify(err.data)}`);
    check(!intruder.connected, 'the intruder is not connected');
    await quiet;
    const reply = await request(agent, 'presence:list', {});
    check(reply.ok === true, 'the agent still works');
    intruder.close();
    agent.close();
  },

  async 'chat-acknowledgement-and-error'(base) {
    const company = newCompany();
    const agent = await sio(base, await token(base, 'ack-agent', 'commercial', company));
    const visitor = await sio(base, await token(base, 'ack-visitor', 'visitor', company), { transports: ['websocket'] });
    const toVisitor = once(visitor, 'chat:message');
    const ok = await request(agent, 'chat:message', { to: 'ack-visitor', message: 'hi' });
    check(ok.ok === true && ok.data.id && ok.data.sentAt, `success reply: ${JSON.stringify(ok)}`);
    const [msg] = await toVisitor;
    check(msg.id === ok.data.id && msg.message === 'hi', `delivered: ${JSON.stringify(msg)}`);

    const ko = await request(agent, 'chat:message', { to: 'nobody-here', message: 'hi' });
    check(ko.ok === false && ko.error.code === 'USER_NOT_CONNECTED' && ko.error.message, `error reply: ${JSON.stringify(ko)}`);

    // the same acknowledgement through a plain callback
    const viaCallback = await new Promise((resolve) => agent.emit('chat:message', { to: 'ack-visitor', message: 'cb' }, resolve));
    check(viaCallback.ok === true, `callback reply: ${JSON.stringify(viaCallback)}`);

    const unknown = await request(agent, 'no:such-event', {});
    check(unknown.ok === false && unknown.error.code === 'UNKNOWN_EVENT', `unknown event: ${JSON.stringify(unknown)}`);
    agent.close();
    visitor.close();
  },

  // The host-defined visitor:open-chat notifies every commercial of the company.
  async 'server-notification'(base) {
    const company = newCompany();
    const agent = await sio(base, await token(base, 'n-agent', 'commercial', company));
    const visitor = await sio(base, await token(base, 'n-visitor', 'visitor', company));
    const notified = once(agent, 'visitor:wants-chat');
    const reply = await request(visitor, 'visitor:open-chat', { topic: 'pricing' });
    check(reply.ok === true, `open-chat reply: ${JSON.stringify(reply)}`);
    const [note] = await notified;
    check(note.visitorId === 'n-visitor' && note.topic === 'pricing', `notification: ${JSON.stringify(note)}`);
    agent.close();
    visitor.close();
  },

  async 'two-tabs-of-one-user'(base) {
    const company = newCompany();
    const agentToken = await token(base, 't-agent', 'commercial', company);
    const tab1 = await sio(base, agentToken);
    const tab2 = await sio(base, agentToken, { transports: ['websocket'] });
    check(tab1.id !== tab2.id, 'two sockets');
    const sender = await NativeClient.connect(base, await token(base, 't-admin', 'admin', company));
    const both = Promise.all([once(tab1, 'chat:message'), once(tab2, 'chat:message')]);
    const reply = await sender.request('chat:message', { to: 't-agent', message: 'to every tab' });
    check(reply.ok === true, `reply: ${JSON.stringify(reply)}`);
    const [[a], [b]] = await both;
    check(a.message === 'to every tab' && b.message === 'to every tab' && a.id === b.id, 'both tabs got the message');

    tab1.close(); // one tab closed: the user stays online through the other
    const presence = await request(tab2, 'presence:list', {});
    check(presence.ok === true && JSON.stringify(presence.data).includes('t-agent'), `presence: ${JSON.stringify(presence)}`);
    tab2.close();
    sender.close();
  },

  // Conversations through the official client: the example server assigns the visitor to the
  // commercial, which opens their conversation (conversation:join for both participants); a
  // message reaches the agent and the sender's own socket; an unknown id is refused.
  async 'conversation-from-assignment'(base) {
    const company = newCompany();
    const agent = await sio(base, await token(base, 'cv-agent', 'commercial', company), { transports: ['websocket'] });
    const agentJoins = [];
    agent.on('conversation:join', (j) => agentJoins.push(j));
    const visitor = io(base, { auth: { token: await token(base, 'cv-visitor', 'visitor', company) } });
    const visitorJoins = [];
    visitor.on('conversation:join', (j) => visitorJoins.push(j));
    await once(visitor, 'connect');
    const deadline = Date.now() + 10_000;
    while ((visitorJoins.length < 2 || agentJoins.length < 2) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    check(visitorJoins.length === 2 && agentJoins.length === 2, `joins: ${JSON.stringify(visitorJoins)} ${JSON.stringify(agentJoins)}`);
    const roles = visitorJoins.map((j) => `${j.userId}/${j.role}`).join(',');
    check(roles === 'cv-visitor/visitor,cv-agent/agent', `visitor's joins: ${roles}`);

    const list = await request(visitor, 'conversation:list', {});
    check(list.ok === true && list.data.conversations.length === 1, `list: ${JSON.stringify(list)}`);
    const conversationId = list.data.conversations[0].id;
    check(conversationId === visitorJoins[0].conversationId, 'the listed conversation is the joined one');

    const toAgent = once(agent, 'conversation:message');
    const toSelf = once(visitor, 'conversation:message');
    const sent = await request(visitor, 'conversation:message', { conversationId, message: 'hello, group' });
    check(sent.ok === true && typeof sent.data.id === 'string' && sent.data.sentAt, `reply: ${JSON.stringify(sent)}`);
    const [[atAgent], [atSelf]] = await Promise.all([toAgent, toSelf]);
    check(atAgent.id === sent.data.id && atAgent.from === 'cv-visitor' && atAgent.message === 'hello, group'
        && atAgent.conversationId === conversationId, `agent got ${JSON.stringify(atAgent)}`);
    check(atSelf.id === sent.data.id, `the sender's socket got ${JSON.stringify(atSelf)}`);

    const unknown = await request(agent, 'conversation:message', { conversationId: crypto.randomUUID(), message: 'x' });
    check(unknown.ok === false && unknown.error.code === 'INVALID_ARGUMENT' && unknown.error.message === 'unknown conversation',
        `unknown id: ${JSON.stringify(unknown)}`);
    visitor.close();
    agent.close();
  },

  // Driven by the JUnit side: prints READY, the server is stopped and started again on the same
  // port (same secret), and the client reconnects by itself (the auth token is sent again).
  async 'reconnect-after-restart'(base) {
    const company = newCompany();
    const accessToken = await token(base, 'r-agent', 'commercial', company);
    const socket = io(base, { auth: { token: accessToken }, reconnectionDelay: 200, reconnectionDelayMax: 1000 });
    await once(socket, 'connect');
    await upgraded(socket);
    const firstId = socket.id;
    const dropped = once(socket, 'disconnect', 30_000, 'the disconnect at the restart');
    console.log('READY');
    const [reason] = await dropped;
    check(reason !== 'io server disconnect', `disconnect reason ${reason} would stop reconnection`);
    await once(socket, 'connect', 30_000, 'the reconnection');
    check(socket.id !== firstId, 'a new session after the restart');
    check(socket.recovered === false, 'the restarted node lost the history (a new epoch): not recovered');
    const reply = await request(socket, 'presence:list', {});
    check(reply.ok === true, `after reconnecting: ${JSON.stringify(reply)}`);
    console.log('RECONNECTED');
    socket.close();
  },

  // Driven by the JUnit side: prints READY, the server kicks the user; the client gets the
  // Socket.IO DISCONNECT ("io server disconnect") and does not reconnect.
  async 'server-side-disconnect'(base) {
    const company = newCompany();
    const socket = io(base, { auth: { token: await token(base, 'k-visitor', 'visitor', company) } });
    await once(socket, 'connect');
    await upgraded(socket);
    const dropped = once(socket, 'disconnect', 30_000, 'the kick');
    console.log(`READY ${company}`);
    const [reason] = await dropped;
    check(reason === 'io server disconnect', `disconnect reason: ${reason}`);
    await never(socket, 'connect', 1500, 'a reconnection after a kick');
    check(!socket.active, 'the socket stays disconnected');
  },
};

async function main() {
  const [base, name] = process.argv.slice(2);
  const scenario = scenarios[name];
  if (!base || !scenario) {
    console.error(`usage: node scenarios.js <base URL> <${Object.keys(scenarios).join('|')}>`);
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

if (require.main === module) {
  main();
}

module.exports = { scenarios };
