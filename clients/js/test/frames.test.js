// Unit tests of the wire behaviour with an in-memory WebSocket (no server): frame shape, token carrier,
// server requests, event de-duplication, subscribe while offline, close semantics. Behaviour against a
// real server is in notify.test.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardClient, ClosedError, RpcError, TimeoutError } from '../switchboard-client.js';

class FakeSocket {
  static all = [];
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.sent = [];
    this.closed = null;
    FakeSocket.all.push(this);
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close(code, reason) { this.closed = { code, reason }; }
  // server side
  open() { this.onopen?.(); }
  receive(obj) { this.onmessage?.({ data: JSON.stringify(obj) }); }
  drop(code, reason = '') { this.onclose?.({ code, reason }); }
  last() { return this.sent.at(-1); }
}

const latest = () => FakeSocket.all.at(-1);
const tick = () => new Promise((r) => setImmediate(r));
const client = (extra = {}) => new SwitchboardClient({ url: 'ws://fake/ws', token: 'jwt.t.s', WebSocket: FakeSocket,
  heartbeatIntervalMs: 60_000, minBackoffMs: 10, maxBackoffMs: 20, ...extra });

test('a call is a JSON-RPC request with its deadline in params._meta, and the token rides the subprotocol', async () => {
  const c = client();
  const connected = c.connect();
  await tick();
  const ws = latest();
  assert.deepEqual(ws.protocols, ['bearer-token-carrier', encodeURIComponent('quarkus-http-upgrade#Authorization#Bearer jwt.t.s')]);
  ws.open();
  await connected;
  const before = Date.now();
  const answer = c.call('sum', { a: 1, _meta: { traceparent: 'x' } }, { timeoutMs: 5000 });
  const frame = ws.last();
  assert.equal(frame.jsonrpc, '2.0');
  assert.equal(frame.method, 'sum');
  assert.equal(frame.params.a, 1);
  assert.equal(frame.params._meta.traceparent, 'x');
  const deadline = Date.parse(frame.params._meta.deadline);
  assert.ok(deadline >= before + 5000 - 5 && deadline <= Date.now() + 5000 + 5, 'deadline = now + timeout');
  ws.receive({ jsonrpc: '2.0', id: frame.id, result: 3 });
  assert.equal(await answer, 3);
  const failing = c.call('nope');
  ws.receive({ jsonrpc: '2.0', id: ws.last().id, error: { code: -32601, message: 'Method not found: nope' } });
  await assert.rejects(failing, (e) => e instanceof RpcError && e.code === -32601);
  c.close();
});

test('server requests are answered: ping with pong, anything else with -32601; other notifications are emitted', async () => {
  const c = client();
  const connected = c.connect();
  await tick();
  const ws = latest();
  ws.open();
  await connected;
  const notes = [];
  c.on('notification', (method, params) => notes.push([method, params]));
  ws.receive({ jsonrpc: '2.0', id: 's1', method: 'ping' });
  assert.deepEqual(ws.last(), { jsonrpc: '2.0', id: 's1', result: 'pong' });
  ws.receive({ jsonrpc: '2.0', id: 's2', method: 'dispense', params: {} });
  assert.equal(ws.last().error.code, -32601);
  ws.receive({ jsonrpc: '2.0', method: 'state', params: { state: 'granted' } });
  assert.deepEqual(notes, [['state', { state: 'granted' }]]);
  c.close();
});

test('subscribing while offline sends the subscribe on open, ready settles then, and replayed events are not delivered twice', async () => {
  const c = client();
  const got = [];
  const unsubscribe = c.subscribe('shop:s1', (e) => got.push(e.offset), { since: 4 });
  const connected = c.connect();
  await tick();
  const ws = latest();
  ws.open();
  await connected;
  const sub = ws.sent.find((f) => f.method === 'subscribe');
  assert.equal(sub.params.channel, 'shop:s1');
  assert.equal(sub.params.since, 4);
  ws.receive({ jsonrpc: '2.0', id: sub.id, result: { channel: 'shop:s1', offset: 6, recovered: true } });
  assert.deepEqual(await unsubscribe.ready, { channel: 'shop:s1', offset: 6, recovered: true });
  for (const offset of [4, 5, 6, 5, 7]) ws.receive({ jsonrpc: '2.0', method: 'event', params: { channel: 'shop:s1', id: `e${offset}`, offset } });
  assert.deepEqual(got, [5, 6, 7]);
  c.close();
});

test('a reconnect resubscribes with since = the last offset seen; recovered:false emits reset and onReset', async () => {
  const c = client();
  const resets = [];
  const onReset = (r) => resets.push(['onReset', r.offset]);
  c.on('reset', (channel, r) => resets.push(['reset', channel, r.offset]));
  c.subscribe('shop:s1', () => {}, { onReset });
  const connected = c.connect();
  await tick();
  let ws = latest();
  ws.open();
  await connected;
  ws.receive({ jsonrpc: '2.0', id: ws.last().id, result: { channel: 'shop:s1', offset: 10, recovered: false } });
  await tick();
  assert.deepEqual(resets, [], 'a first subscription without since is not a reset');
  ws.receive({ jsonrpc: '2.0', method: 'event', params: { channel: 'shop:s1', id: 'e11', offset: 11 } });
  ws.drop(1012, 'service restart');
  await new Promise((r) => setTimeout(r, 40));
  ws = latest();
  ws.open();
  const sub = ws.sent.find((f) => f.method === 'subscribe');
  assert.equal(sub.params.since, 11);
  ws.receive({ jsonrpc: '2.0', id: sub.id, result: { channel: 'shop:s1', offset: 90, recovered: false } });
  await tick();
  assert.deepEqual(resets, [['reset', 'shop:s1', 90], ['onReset', 90]]);
  c.close();
});

test('a refused subscription rejects ready with the RpcError and is not retried after a reconnect', async () => {
  const c = client();
  const connected = c.connect();
  await tick();
  let ws = latest();
  ws.open();
  await connected;
  const unsubscribe = c.subscribe('shop:other', () => {});
  ws.receive({ jsonrpc: '2.0', id: ws.last().id, error: { code: -32003, message: 'Forbidden' } });
  await assert.rejects(unsubscribe.ready, (e) => e instanceof RpcError && e.code === -32003);
  ws.drop(1001, 'going away');
  await new Promise((r) => setTimeout(r, 40));
  ws = latest();
  ws.open();
  assert.equal(ws.sent.filter((f) => f.method === 'subscribe').length, 0);
  c.close();
});

test('a subscribe that fails with an internal error is retried after a backoff on the same link', async () => {
  const c = client();
  const connected = c.connect();
  await tick();
  const ws = latest();
  ws.open();
  await connected;
  const unsubscribe = c.subscribe('shop:s1', () => {});
  ws.receive({ jsonrpc: '2.0', id: ws.last().id, error: { code: -32603, message: 'Internal error: try again' } });
  await new Promise((r) => setTimeout(r, 60));
  const retry = ws.sent.filter((f) => f.method === 'subscribe');
  assert.equal(retry.length, 2, 'subscribed again');
  ws.receive({ jsonrpc: '2.0', id: retry[1].id, result: { channel: 'shop:s1', offset: 4, recovered: true } });
  assert.deepEqual(await unsubscribe.ready, { channel: 'shop:s1', offset: 4, recovered: true });
  c.close();
});

test('calls written before a drop fail with ClosedError (never sent twice); close() fails the rest', async () => {
  const c = client();
  const connected = c.connect();
  await tick();
  const ws = latest();
  ws.open();
  await connected;
  const written = c.call('dispense');
  ws.drop(1006, '');
  await assert.rejects(written, ClosedError);
  const queued = c.call('ping', {}, { timeoutMs: 5000 });
  c.close();
  await assert.rejects(queued, ClosedError);
  await assert.rejects(c.call('ping'), ClosedError);
  assert.equal(c.state, 'closed');
});

test('an upgrade that is never answered is abandoned after connectTimeoutMs and retried', async () => {
  const c = client({ connectTimeoutMs: 50 });
  const count = FakeSocket.all.length;
  c.connect().catch(() => {});
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(FakeSocket.all.length - count >= 2, 'a new attempt after the timeout');
  assert.ok(FakeSocket.all[count].closed, 'the stalled attempt was closed');
  c.close();
});

test('a heartbeat ping without answer closes with 4000 and reconnects', async () => {
  const c = client({ heartbeatIntervalMs: 40, heartbeatTimeoutMs: 40 });
  const closes = [];
  c.on('close', (code, reason) => closes.push([code, reason]));
  const connected = c.connect();
  await tick();
  const ws = latest();
  ws.open();
  await connected;
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(ws.sent.filter((f) => f.method === 'ping').length, 1, 'one ping at a time');
  assert.deepEqual(closes[0], [4000, 'heartbeat timeout']);
  assert.deepEqual(ws.closed, { code: 4000, reason: 'heartbeat timeout' });
  assert.ok(latest() !== ws, 'a new socket');
  c.close();
});

test('a call that is not answered in time fails with TimeoutError', async () => {
  const c = client();
  const connected = c.connect();
  await tick();
  latest().open();
  await connected;
  await assert.rejects(c.call('slow', {}, { timeoutMs: 30 }), (e) => e instanceof TimeoutError && e.timeoutMs === 30);
  c.close();
});
