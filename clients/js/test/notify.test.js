// The client against REAL notify-service processes (packaged jars) over the test Kafka and Redis:
// two replicas, A (the client's server: stalled, restarted) and B (ingests events over HTTP while A is
// down, keeps 5 events per channel so a long outage cannot be recovered). Redis is shared, so events
// posted to B are in A's history and fan-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SwitchboardClient, RpcError, TimeoutError, ClosedError, QueueFullError } from '../switchboard-client.js';
import { mintToken } from './support/tokens.js';
import { ensureInfra, notifyService, postEvent, until } from './support/servers.js';
import { killPubSub } from './support/redis.js';

let stopInfra;
let A;
let B;
const clients = [];
const service = mintToken('orders-service', ['service']);
const uid = () => randomUUID().slice(0, 8);

before(async () => {
  stopInfra = await ensureInfra();
  // A names its Redis connections (so a test can drop its fan-out subscription alone) and comes back to a
  // dropped subscription after 3 s at the earliest (min-backoff), long enough to publish into the gap
  A = await notifyService('notify-A', {
    QUARKUS_REDIS_CLIENT_NAME: `notify-A-${uid()}`,
    SWITCHBOARD_REDIS_SUBSCRIPTIONS_MIN_BACKOFF: '3s',
    SWITCHBOARD_REDIS_SUBSCRIPTIONS_MAX_BACKOFF: '6s',
  });
  B = await notifyService('notify-B', { NOTIFY_HISTORY_MAX_COUNT: '5' });
  await Promise.all([A.ready(), B.ready()]);
});

after(async () => {
  for (const c of clients) c.close();
  await Promise.all([A?.stop(), B?.stop()]);
  await stopInfra?.();
});

/** A merchant client of shop `shop` on replica `server`; quick retries for the test. */
function merchant(server, shop, options = {}) {
  const c = new SwitchboardClient({
    url: `${server.ws}/notifications/ws`,
    token: () => mintToken(`merchant-${shop}`, ['merchant'], { shop }),
    minBackoffMs: 100, maxBackoffMs: 1000, connectTimeoutMs: 2000, heartbeatIntervalMs: 60_000, ...options,
  });
  clients.push(c);
  return c;
}

const order = (shop, n) => ({ id: `evt-${uid()}`, channel: `shop:${shop}`, type: 'order.placed', data: { orderId: `o-${n}`, customerId: 'c-1', total: n } });

test('ping answers pong; an unknown method is an RpcError -32601; a forbidden channel is refused', { timeout: 90_000 }, async () => {
  const c = merchant(A, `s-${uid()}`);
  await c.connect();
  assert.equal(await c.call('ping'), 'pong');
  await assert.rejects(c.call('no.such.method', {}), (e) => e instanceof RpcError && e.code === -32601);
  const refused = c.subscribe('shop:someone-else', () => {});
  await assert.rejects(refused.ready, (e) => e instanceof RpcError && e.code === -32003);
  assert.equal(c.subscriptions.has('shop:someone-else'), false);
  c.close();
});

test('a call to a stalled server (SIGSTOP) fails with TimeoutError at its timeout; the link works again after SIGCONT', { timeout: 90_000 }, async () => {
  const c = merchant(B, `s-${uid()}`);
  await c.connect();
  B.pause();
  try {
    const started = Date.now();
    await assert.rejects(c.call('ping', {}, { timeoutMs: 500 }), TimeoutError);
    const took = Date.now() - started;
    assert.ok(took >= 490 && took < 3000, `timed out after ${took} ms`);
  } finally {
    B.resume();
  }
  assert.equal(await c.call('ping', {}, { timeoutMs: 5000 }), 'pong');
  c.close();
});

test('offline, calls queue up to maxQueuedCalls, their timeouts still run, and the rest is sent once the link opens', { timeout: 90_000 }, async () => {
  B.pause(); // TCP is accepted by the kernel, the upgrade is not answered: the client stays offline
  let c;
  try {
    c = merchant(B, `s-${uid()}`, { maxQueuedCalls: 3, connectTimeoutMs: 30_000 });
    const connected = c.connect();
    const early = c.call('ping', {}, { timeoutMs: 300 });
    const later = [c.call('ping', {}, { timeoutMs: 20_000 }), c.call('ping', {}, { timeoutMs: 20_000 })];
    await assert.rejects(c.call('ping'), QueueFullError);
    await assert.rejects(early, TimeoutError);
    assert.equal(c.queue.length, 2, 'the timed-out call left the queue');
    assert.notEqual(c.state, 'open');
    B.resume();
    await connected;
    assert.deepEqual(await Promise.all(later), ['pong', 'pong']);
  } finally {
    B.resume();
    c?.close();
  }
});

test('after the server restarts (close 1012) the client reconnects and resubscribes with since: no gap, no duplicate', { timeout: 90_000 }, async () => {
  const shop = `s-${uid()}`;
  const c = merchant(A, shop);
  const got = [];
  const closes = [];
  c.on('close', (code) => closes.push(code));
  const unsubscribe = c.subscribe(`shop:${shop}`, (e) => got.push(e));
  await c.connect();
  await unsubscribe.ready;
  const sent = [];
  for (let n = 1; n <= 2; n++) sent.push(await postEvent(B, service, order(shop, n)));
  await until(() => got.length === 2, 10_000, 'two live events');

  await A.stop(); // graceful: every socket is closed with 1012
  try {
    await until(() => closes.length > 0 && c.state === 'reconnecting', 5000, 'a close and reconnecting');
    for (let n = 3; n <= 5; n++) sent.push(await postEvent(B, service, order(shop, n))); // missed while A is down
  } finally {
    A.start();
    await A.ready();
  }
  await until(() => c.state === 'open', 30_000, 'reconnected');
  sent.push(await postEvent(B, service, order(shop, 6))); // live again
  await until(() => got.length >= 6, 10_000, 'six events');

  assert.deepEqual(got.map((e) => e.id), sent.map((s) => s.id), 'every event once, in order');
  assert.deepEqual(got.map((e) => e.offset), [1, 2, 3, 4, 5, 6]);
  assert.equal(c.subscriptions.get(`shop:${shop}`).offset, 6);
  assert.equal(closes[0], 1012, 'notify-service closes with 1012 (service restart) on SIGTERM; then refused attempts (1006)');
  c.close();
});

test('a socket that stays connected while its server lost the Redis fan-out gets the missed events, in order, without reconnecting', { timeout: 90_000 }, async () => {
  const shop = `s-${uid()}`;
  const c = merchant(A, shop);
  const got = [];
  const closes = [];
  c.on('close', (code) => closes.push(code));
  const unsubscribe = c.subscribe(`shop:${shop}`, (e) => got.push(e.offset));
  await c.connect();
  await unsubscribe.ready;
  await postEvent(B, service, order(shop, 1));
  await until(() => got.length === 1, 10_000, 'the first event');

  const fanoutDown = async () => {
    const r = await fetch(`${A.http}/q/health/ready`);
    return r.status === 503 && JSON.stringify(await r.json()).includes('"notify fan-out":"down');
  };
  assert.ok(await killPubSub(A.env.QUARKUS_REDIS_CLIENT_NAME) >= 1, "found A's pub/sub connection");
  await until(fanoutDown, 5000, 'readiness DOWN, naming the fan-out');
  for (let n = 2; n <= 4; n++) await postEvent(B, service, order(shop, n)); // published while A cannot hear them
  assert.ok(await fanoutDown(), 'the events were published while the subscription was down');

  await until(() => got.length === 4, 15_000, 'the missed events, caught up by the server');
  await postEvent(B, service, order(shop, 5));
  await until(() => got.length === 5, 10_000, 'live again');
  assert.deepEqual(got, [1, 2, 3, 4, 5]);
  assert.deepEqual(closes, [], 'on the same socket');
  c.close();
});

test('a stalled server is detected by the heartbeat (4000); when history no longer covers the gap, reset is reported', { timeout: 90_000 }, async () => {
  const shop = `s-${uid()}`;
  const c = merchant(A, shop, { heartbeatIntervalMs: 400, heartbeatTimeoutMs: 400, connectTimeoutMs: 1000 });
  const got = [];
  const resets = [];
  const closes = [];
  c.on('close', (code, reason) => closes.push(`${code} ${reason}`));
  c.on('reset', (channel, result) => resets.push(['reset', channel, result]));
  const unsubscribe = c.subscribe(`shop:${shop}`, (e) => got.push(e.offset), { onReset: (r) => resets.push(['onReset', r.offset]) });
  await c.connect();
  await unsubscribe.ready;
  await postEvent(B, service, order(shop, 1));
  await until(() => got.length === 1, 10_000, 'the first event');

  A.pause();
  try {
    await until(() => closes.includes('4000 heartbeat timeout'), 5000, 'the heartbeat to give up');
    for (let n = 2; n <= 9; n++) await postEvent(B, service, order(shop, n)); // B keeps only the last 5
  } finally {
    A.resume();
  }
  await until(() => resets.length === 2, 30_000, 'reset after reconnecting');
  assert.equal(typeof resets[0][2].epoch, 'string', 'the channel epoch comes with the answer');
  assert.deepEqual(resets[0], ['reset', `shop:${shop}`, { channel: `shop:${shop}`, offset: 9, epoch: resets[0][2].epoch, recovered: false }]);
  assert.deepEqual(resets[1], ['onReset', 9]);
  await postEvent(B, service, order(shop, 10));
  await until(() => got.includes(10), 10_000, 'live events after the reset');
  assert.deepEqual(got, [1, 10], 'nothing replayed after a reset; live from the new head');
  c.close();
});

test('a 45xx close (token expired: 4501) is final: no reconnect, and later calls fail with ClosedError', { timeout: 90_000 }, async () => {
  const shop = `s-${uid()}`;
  const c = new SwitchboardClient({
    url: `${A.ws}/notifications/ws`, token: mintToken(`merchant-${shop}`, ['merchant'], { shop }, { ttlSeconds: 2 }),
    minBackoffMs: 50, maxBackoffMs: 100, heartbeatIntervalMs: 60_000,
  });
  clients.push(c);
  const states = [];
  c.on('state', (s, detail) => states.push([s, detail]));
  await c.connect();
  await until(() => c.state === 'closed', 10_000, 'the 4501 close');
  assert.match(String(states.at(-1)[1]), /^4501/);
  const seen = states.length;
  await new Promise((r) => setTimeout(r, 1000)); // ten times the backoff: a reconnect would have started
  assert.equal(states.length, seen, `no reconnect after the final close: ${JSON.stringify(states.slice(seen))}`);
  await assert.rejects(c.call('ping'), ClosedError);
});
