// A minimal Redis client for tests (RESP, one command per connection): enough to find and drop a service's
// pub/sub connection on the TEST Redis (CLIENT LIST / CLIENT KILL ID), a real connection drop that leaves
// every other client alone.
import { connect } from 'node:net';
import { TEST_REDIS_PORT as PORT } from './ports.js';

/** Sends one command; resolves with its reply (string, number), rejects with a Redis error reply. */
export function redis(...args) {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: PORT, host: '127.0.0.1' });
    let data = Buffer.alloc(0);
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      const eol = data.indexOf('\r\n');
      if (eol < 0) return;
      const type = String.fromCharCode(data[0]);
      const line = data.subarray(1, eol).toString();
      if (type === '$') {
        const len = Number(line);
        if (len < 0) { socket.end(); resolve(null); return; }
        if (data.length < eol + 2 + len + 2) return;
        socket.end();
        resolve(data.subarray(eol + 2, eol + 2 + len).toString());
      } else {
        socket.end();
        if (type === '-') reject(new Error(line));
        else resolve(type === ':' ? Number(line) : line);
      }
    });
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`);
  });
}

/** Kills the pub/sub connections whose client name is `name`; resolves with how many. */
export async function killPubSub(name) {
  const list = await redis('CLIENT', 'LIST', 'TYPE', 'pubsub');
  const ids = list.split('\n').map((line) => Object.fromEntries(line.trim().split(' ').map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i), kv.slice(i + 1)];
  }))).filter((c) => c.name === name).map((c) => c.id);
  for (const id of ids) await redis('CLIENT', 'KILL', 'ID', id);
  return ids.length;
}
