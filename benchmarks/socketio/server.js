'use strict';
// Socket.IO counterpart of the Switchboard device gateway + command service + notify service,
// driven by the same Java load generator. See README.md.
//
//   node --expose-gc server.js --port 38090 --public-key /path/publicKey.pem
//   node --expose-gc server.js --port 38091 --public-key /path/publicKey.pem --redis redis://127.0.0.1:36379
//     (one of several replicas: @socket.io/redis-streams-adapter and connection state recovery)

const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const { Server } = require('socket.io');

const ISSUER = 'https://switchboard.local/issuer';
const DEFAULT_TIMEOUT_MS = 7000;
const MAX_BODY = 1 << 20;

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const port = Number(option('--port', '38090'));
const keyPath = option('--public-key');
const redisUrl = option('--redis');
if (!keyPath || !Number.isInteger(port)) {
  console.error('usage: node --expose-gc server.js --port <port> --public-key <publicKey.pem> [--redis <redis://host:port>]');
  process.exit(2);
}
const publicKey = crypto.createPublicKey(fs.readFileSync(keyPath));

/** The claims of a valid RS256 token from our issuer, or null. */
function verify(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    if (header.alg !== 'RS256') return null;
    const signed = Buffer.from(parts[0] + '.' + parts[1], 'ascii');
    if (!crypto.verify('RSA-SHA256', signed, publicKey, Buffer.from(parts[2], 'base64url'))) return null;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (claims.iss !== ISSUER || typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
    if (typeof claims.sub !== 'string') return null;
    if (!Array.isArray(claims.groups)) claims.groups = [];
    return claims;
  } catch (e) {
    return null;
  }
}

function send(res, status, body) {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Claims of the bearer token if it carries one of the groups; otherwise answers 401/403 and returns null. */
function authorize(req, res, groups) {
  const header = req.headers.authorization || '';
  const claims = header.startsWith('Bearer ') ? verify(header.slice(7).trim()) : null;
  if (!claims) {
    send(res, 401, { code: 'unauthorized' });
    return null;
  }
  if (!claims.groups.some((g) => groups.includes(g))) {
    send(res, 403, { code: 'forbidden' });
    return null;
  }
  return claims;
}

/** Reads a JSON object body; answers 400 (or 413) itself and calls back with null when it cannot. */
function readJson(req, res, callback) {
  const chunks = [];
  let size = 0;
  let done = false;
  req.on('data', (chunk) => {
    if (done) return;
    size += chunk.length;
    if (size > MAX_BODY) {
      done = true;
      send(res, 413, { code: 'payload_too_large' });
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (done) return;
    done = true;
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      body = undefined;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      send(res, 400, { code: 'bad_request' });
      return;
    }
    callback(body);
  });
  req.on('error', () => { done = true; });
}

const devices = new Map(); // deviceId -> socket

function command(req, res, deviceId) {
  if (!authorize(req, res, ['operator', 'service'])) return;
  readJson(req, res, (body) => {
    if (typeof body.method !== 'string' || body.method.length === 0) {
      send(res, 400, { code: 'bad_request' });
      return;
    }
    const timeoutMs = Number.isFinite(body.timeoutMs) && body.timeoutMs > 0 ? body.timeoutMs : DEFAULT_TIMEOUT_MS;
    const sock = devices.get(deviceId);
    if (!sock) {
      send(res, 409, { code: 'device_offline' });
      return;
    }
    const commandId = crypto.randomUUID();
    const method = body.method;
    sock.timeout(timeoutMs).emit('command', { id: commandId, method, params: body.params ?? {} }, (err, reply) => {
      if (err) {
        send(res, 504, { code: 'command_timeout' });
      } else {
        send(res, 200, { commandId, deviceId, method, status: 'succeeded', result: reply ?? null });
      }
    });
  });
}

function publish(req, res) {
  if (!authorize(req, res, ['service'])) return;
  readJson(req, res, (body) => {
    if (typeof body.channel !== 'string' || body.channel.length === 0) {
      send(res, 400, { code: 'bad_request' });
      return;
    }
    const id = typeof body.id === 'string' && body.id ? body.id : crypto.randomUUID();
    io.to(body.channel).emit('event', {
      channel: body.channel, id, type: body.type, data: body.data, time: new Date().toISOString(),
    });
    send(res, 202, { id });
  });
}

function stats(res) {
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  send(res, 200, {
    rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external,
    arrayBuffers: mem.arrayBuffers, sockets: io.engine.clientsCount,
    cpuUserMicros: cpu.user, cpuSystemMicros: cpu.system,
  });
}

const COMMANDS = /^\/api\/devices\/([^/]+)\/commands$/;

function route(req, res) {
  const path = (req.url || '/').split('?', 1)[0];
  let match;
  if (req.method === 'POST' && (match = COMMANDS.exec(path))) {
    let deviceId;
    try {
      deviceId = decodeURIComponent(match[1]);
    } catch (e) {
      send(res, 400, { code: 'bad_request' });
      return;
    }
    command(req, res, deviceId);
  } else if (req.method === 'POST' && path === '/api/events') {
    publish(req, res);
  } else if (req.method === 'GET' && path === '/stats') {
    stats(res);
  } else {
    send(res, 404, { code: 'not_found' });
  }
}

// socket.io (engine.io) attaches in front of this listener and only passes on requests outside /socket.io/.
const server = http.createServer(route);
// Keep idle keep-alive connections longer than the load generator's pauses (Node's default is 5 s, and a
// request written just as Node closes an idle connection is lost to the client).
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
const SOCKET_IO_PATH = '/socket.io/';

// Because engine.io listens for 'upgrade', Node hands every request with an Upgrade header to it, including
// java.net.http's default "Upgrade: h2c" attempt on plain requests (engine.io would drop those). Such requests
// outside /socket.io/ are replayed into a plain HTTP server without upgrade listeners, which answers them as
// HTTP/1.1 (ignoring the Upgrade, as RFC 9113 allows) and keeps serving that connection.
const plain = http.createServer(route);
server.on('upgrade', (req, socket, head) => {
  if ((req.url || '').startsWith(SOCKET_IO_PATH)) return; // engine.io's
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  socket.unshift(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), head]));
  plain.emit('connection', socket);
});

const SERVER_OPTIONS = {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  pingInterval: 25000,
  pingTimeout: 20000,
  maxHttpBufferSize: 65536,
  destroyUpgrade: false, // the 'upgrade' listener above answers the other paths
};

/**
 * The Socket.IO server: alone in memory (the default adapter), or with --redis one replica of several,
 * as Socket.IO's documentation sets that up with connection state recovery: broadcasts go through a Redis
 * stream (XADD, every replica XREADs it), a socket's session (id, rooms, data) is kept in Redis for two
 * minutes after a drop, and a client reconnecting to any replica with its pid and last offset gets the
 * packets it missed from the stream.
 */
async function createIo() {
  if (!redisUrl) return new Server(server, SERVER_OPTIONS);
  const { createClient } = require('redis');
  const { createAdapter } = require('@socket.io/redis-streams-adapter');
  const redis = createClient({ url: redisUrl });
  redis.on('error', (e) => console.error('redis: ' + e.message));
  await redis.connect();
  return new Server(server, {
    ...SERVER_OPTIONS,
    adapter: createAdapter(redis),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
  });
}

let io;

/** Middleware: the RS256 token of the CONNECT auth payload (skipped for a recovered session, as configured). */
function authenticate(socket, next) {
  const claims = verify(socket.handshake.auth && socket.handshake.auth.token);
  if (!claims) {
    next(new Error('unauthorized'));
    return;
  }
  socket.data.sub = claims.sub;
  socket.data.groups = claims.groups;
  socket.data.shop = typeof claims.shop === 'string' ? claims.shop : undefined;
  next();
}

function onConnection(socket) {
  const { sub, groups } = socket.data;
  if (groups.includes('device')) {
    const older = devices.get(sub);
    devices.set(sub, socket);
    if (older && older !== socket) older.disconnect(true);
    socket.on('disconnect', () => {
      if (devices.get(sub) === socket) devices.delete(sub);
    });
  }
  socket.on('subscribe', (channel, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    if (typeof channel === 'string' && socket.data.shop !== undefined && channel === 'shop:' + socket.data.shop) {
      socket.join(channel);
      reply({ channel });
    } else {
      reply({ error: 'forbidden' });
    }
  });
}

createIo().then((created) => {
  io = created;
  io.use(authenticate);
  io.on('connection', onConnection);
  server.listen(port, () => {
    process.stdout.write(`socketio listening on ${port}${redisUrl ? ' (redis streams adapter, connection state recovery)' : ''}\n`);
  });
}, (e) => {
  console.error('cannot start: ' + e.message);
  process.exit(1);
});

function shutdown() {
  const force = setTimeout(() => process.exit(0), 3000);
  force.unref();
  if (!io) process.exit(0);
  io.close(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
