'use strict';
// The benchmark's peer: a plain Socket.IO 4.8 server, as one would write it, doing the work
// realtimekit does for the benchmark's workload (and nothing more):
//   - CONNECT with auth.token, an HS256 JWT (claims sub, companyId, roles, exp), verified with
//     node:crypto; refused with connect_error {code: 'UNAUTHORIZED'};
//   - chat:message {to, message} with an ack: delivered to every socket of `to` in the sender's
//     company as chat:message {id, from, to, message, sentAt}; ack {ok: true, data: {id, sentAt}},
//     or {ok: false, error: {code: 'USER_NOT_CONNECTED' | 'INVALID_ARGUMENT', message}};
//   - a visitor connecting: visitor:connected {userId, connectedAt} to its company's commercials.
// Socket.IO's default options (pingInterval 25 s, pingTimeout 20 s, no per-message deflate).
//
// Usage: REALTIME_JWT_SECRET=<secret, used as UTF-8 bytes> node server.js <port>
// Listens on 127.0.0.1:<port> (0: any free port) and prints `READY <port>` once it accepts.

const http = require('node:http');
const crypto = require('node:crypto');
const { Server } = require('socket.io');

const MAX_MESSAGE = 16384;

/** The claims of a valid, unexpired HS256 token signed with `secret`, or null. */
function verify(token, secret, nowSeconds) {
  if (typeof token !== 'string') return null;
  const a = token.indexOf('.');
  const b = token.lastIndexOf('.');
  if (a <= 0 || b <= a) return null;
  let header;
  let claims;
  try {
    header = JSON.parse(Buffer.from(token.slice(0, a), 'base64url').toString('utf8'));
    if (header.alg !== 'HS256') return null;
    const expected = crypto.createHmac('sha256', secret).update(token.slice(0, b)).digest();
    const given = Buffer.from(token.slice(b + 1), 'base64url');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
    claims = JSON.parse(Buffer.from(token.slice(a + 1, b), 'base64url').toString('utf8'));
  } catch (e) {
    return null;
  }
  if (typeof claims.sub !== 'string' || typeof claims.companyId !== 'string') return null;
  if (!Array.isArray(claims.roles) || typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return null;
  return claims;
}

function start(port, secret) {
  const httpServer = http.createServer();
  const io = new Server(httpServer);
  /** "companyId/userId" -> Set of sockets: a user is reached only from its own company. */
  const users = new Map();
  /** companyId -> Set of commercials' sockets. */
  const commercials = new Map();

  function add(map, key, socket) {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    set.add(socket);
  }

  function remove(map, key, socket) {
    const set = map.get(key);
    if (set) {
      set.delete(socket);
      if (set.size === 0) map.delete(key);
    }
  }

  io.use((socket, next) => {
    const auth = socket.handshake.auth || {};
    const claims = verify(auth.token, secret, Date.now() / 1000);
    if (!claims) {
      const err = new Error('invalid or expired token');
      err.data = { code: 'UNAUTHORIZED', message: 'invalid or expired token' };
      next(err);
      return;
    }
    socket.data.user = claims.sub;
    socket.data.company = claims.companyId;
    socket.data.commercial = claims.roles.includes('commercial');
    socket.data.visitor = claims.roles.includes('visitor');
    next();
  });

  io.on('connection', (socket) => {
    const { user, company, commercial, visitor } = socket.data;
    const key = company + '/' + user;
    add(users, key, socket);
    if (commercial) add(commercials, company, socket);
    if (visitor) {
      const others = commercials.get(company);
      if (others) {
        const event = { userId: user, connectedAt: new Date().toISOString() };
        for (const s of others) s.emit('visitor:connected', event);
      }
    }

    socket.on('chat:message', (data, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      if (!data || typeof data.to !== 'string' || typeof data.message !== 'string'
          || data.message.length > MAX_MESSAGE) {
        reply({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'to and message (at most 16384 characters) are required' } });
        return;
      }
      const receivers = users.get(company + '/' + data.to);
      if (!receivers) {
        reply({ ok: false, error: { code: 'USER_NOT_CONNECTED', message: 'User not connected' } });
        return;
      }
      const id = crypto.randomUUID();
      const sentAt = new Date().toISOString();
      const message = { id, from: user, to: data.to, message: data.message, sentAt };
      for (const s of receivers) s.emit('chat:message', message);
      reply({ ok: true, data: { id, sentAt } });
    });

    socket.on('disconnect', () => {
      remove(users, key, socket);
      if (commercial) remove(commercials, company, socket);
    });
  });

  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, '127.0.0.1', () => resolve({ io, httpServer, port: httpServer.address().port }));
  });
}

module.exports = { verify, start };

if (require.main === module) {
  const port = Number.parseInt(process.argv[2] || '0', 10);
  const secret = process.env.REALTIME_JWT_SECRET;
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !secret || Buffer.byteLength(secret) < 32) {
    console.error('usage: REALTIME_JWT_SECRET=<32+ bytes> node server.js <port>');
    process.exit(2);
  }
  start(port, Buffer.from(secret, 'utf8')).then(({ port: bound }) => {
    process.stdout.write('READY ' + bound + '\n');
  }, (e) => {
    console.error('cannot listen: ' + e.message);
    process.exit(1);
  });
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
}
