'use strict';
// Helpers for the compatibility scenarios: demo tokens, a Socket.IO client, a native-protocol
// client (plain WebSocket, JSON frames), bounded waits.
const crypto = require('node:crypto');
const { io } = require('socket.io-client');
const WebSocket = require('ws');

const WAIT_MS = 10_000;

function fail(message) {
  throw new Error(message);
}

function check(condition, message) {
  if (!condition) fail(message);
}

/** A fresh company per scenario, so scenarios never see each other's users. */
function newCompany() {
  return crypto.randomUUID();
}

/** A demo token from the example server's /dev/token. */
async function token(base, sub, role, companyId) {
  const url = `${base}/dev/token?sub=${encodeURIComponent(sub)}&role=${role}&companyId=${companyId}`;
  const res = await fetch(url);
  check(res.ok, `GET /dev/token answered ${res.status}`);
  return (await res.json()).token;
}

/** A well-formed HS256 token signed with a secret the server does not know. */
function forgedToken(sub, companyId) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    sub, roles: ['visitor'], companyId, exp: Math.floor(Date.now() / 1000) + 3600,
  })}`;
  const sig = crypto.createHmac('sha256', 'not-the-server-secret-not-the-server-secret').update(body).digest('base64url');
  return `${body}.${sig}`;
}

/** Resolves with the first `event` emitted by `emitter` (args as an array), or rejects after ms. */
function once(emitter, event, ms = WAIT_MS, what = event) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const on = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    emitter.once(event, on);
  });
}

/** Asserts that `event` is not emitted within ms. */
function never(emitter, event, ms, what = event) {
  return new Promise((resolve, reject) => {
    const on = (...args) => {
      clearTimeout(timer);
      reject(new Error(`unexpected ${what}: ${JSON.stringify(args)}`));
    };
    const timer = setTimeout(() => {
      emitter.off(event, on);
      resolve();
    }, ms);
    emitter.on(event, on);
  });
}

/** A connected Socket.IO client (rejects on connect_error). */
async function sio(base, tokenValue, options = {}) {
  const socket = io(base, { auth: { token: tokenValue }, reconnection: false, ...options });
  const outcome = await Promise.race([
    once(socket, 'connect').then(() => null),
    once(socket, 'connect_error').then(([err]) => err),
  ]);
  if (outcome) {
    socket.close();
    fail(`connect_error: ${outcome.message}`);
  }
  return socket;
}

/** Waits until the Engine.IO transport of `socket` is WebSocket (the upgrade is done). */
async function upgraded(socket, ms = WAIT_MS) {
  const engine = socket.io.engine;
  if (engine.transport.name !== 'websocket') {
    await once(engine, 'upgrade', ms, 'the upgrade to websocket');
  }
  check(engine.transport.name === 'websocket', `transport is ${engine.transport.name}, not websocket`);
}

/** emitWithAck with a bound wait; answers the library's reply envelope {ok, data | error}. */
async function request(socket, event, data, ms = WAIT_MS) {
  const reply = await socket.timeout(ms).emitWithAck(event, data);
  check(reply && typeof reply.ok === 'boolean', `reply to ${event} is not {ok,...}: ${JSON.stringify(reply)}`);
  return reply;
}

/** A native-protocol client on /realtime: connect frame, then events, requests and pushed events. */
class NativeClient {
  static async connect(base, tokenValue) {
    const client = new NativeClient(base.replace(/^http/, 'ws') + '/realtime');
    await once(client.ws, 'open', WAIT_MS, 'the native socket to open');
    client.ws.send(JSON.stringify({ type: 'connect', token: tokenValue }));
    const [frame] = await once(client.frames, 'connected', WAIT_MS, 'the native connected frame');
    client.identity = frame.data;
    return client;
  }

  constructor(url) {
    const { EventEmitter } = require('node:events');
    this.ws = new WebSocket(url);
    this.frames = new EventEmitter();
    this.events = new EventEmitter();
    this.nextId = 1;
    this.ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      if (frame.type) this.frames.emit(frame.type, frame);
      if (frame.reply !== undefined) this.frames.emit(`reply:${frame.reply}`, frame);
      if (frame.event) this.events.emit(frame.event, frame.data);
    });
  }

  async request(event, data) {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ event, data, id }));
    const [reply] = await once(this.frames, `reply:${id}`, WAIT_MS, `the native reply to ${event}`);
    return reply;
  }

  close() {
    this.ws.close();
  }
}

module.exports = { check, fail, newCompany, token, forgedToken, once, never, sio, upgraded, request, NativeClient, WAIT_MS };
