// Pure unit tests of recovery with an in-memory WebSocket (no server): the epoch kept per channel and sent
// with `since`, gap repair (an event that does not follow the last offset makes the client resubscribe from
// the offset it holds), another epoch (resubscribe; the server's recovered:false is a reset), and close 4002.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardClient } from '../switchboard-client.js';

class FakeSocket {
  static all = [];
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.sent = [];
    FakeSocket.all.push(this);
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close(code, reason) { this.closed = { code, reason }; }
  open() { this.onopen?.(); }
  receive(obj) { this.onmessage?.({ data: JSON.stringify(obj) }); }
  drop(code, reason = '') { this.onclose?.({ code, reason }); }
  subscribes() { return this.sent.filter((f) => f.method === 'subscribe'); }
  answer(frame, result) { this.receive({ jsonrpc: '2.0', id: frame.id, result }); }
  event(channel, offset, epoch, text = `e${offset}`) {
    this.receive({ jsonrpc: '2.0', method: 'event', params: { channel, id: `${epoch}-${offset}`, offset, epoch, type: 'message', data: { text } } });
  }
}

const latest = () => FakeSocket.all.at(-1);
const tick = () => new Promise((r) => setImmediate(r));
const client = () => new SwitchboardClient({ url: 'ws://fake/ws', token: 't', WebSocket: FakeSocket,
  heartbeatIntervalMs: 60_000, minBackoffMs: 10, maxBackoffMs: 20 });

/** An open client subscribed to `channel`, answered with `result`; returns [client, socket, offsets received, resets]. */
async function subscribed(channel, result) {
  const c = client();
  const got = [];
  const resets = [];
  c.on('reset', (ch, r) => resets.push(r));
  c.subscribe(channel, (e) => got.push(e.offset));
  const connected = c.connect();
  await tick();
  const ws = latest();
  ws.open();
  await connected;
  ws.answer(ws.subscribes()[0], { channel, ...result });
  await tick();
  return [c, ws, got, resets];
}

test('the epoch of the subscribe answer and of events is kept and sent with since after a reconnect', async () => {
  const [c, ws, got] = await subscribed('shop:s1', { offset: 3, epoch: 'E1', recovered: false });
  ws.event('shop:s1', 4, 'E1');
  ws.drop(1012, 'service restart');
  await new Promise((r) => setTimeout(r, 40));
  const again = latest();
  again.open();
  assert.deepEqual(again.subscribes()[0].params.channel, 'shop:s1');
  assert.equal(again.subscribes()[0].params.since, 4);
  assert.equal(again.subscribes()[0].params.epoch, 'E1');
  assert.deepEqual(got, [4]);
  c.close();
});

test('a channel without events yet (epoch null) adopts the epoch of its first event and sends no epoch before', async () => {
  const [c, ws, got] = await subscribed('shop:s2', { offset: 0, epoch: null, recovered: false });
  ws.drop(1006);
  await new Promise((r) => setTimeout(r, 40));
  let again = latest();
  again.open();
  assert.deepEqual(again.subscribes()[0].params, { channel: 'shop:s2', since: 0, _meta: again.subscribes()[0].params._meta });
  again.answer(again.subscribes()[0], { channel: 'shop:s2', offset: 0, epoch: null, recovered: true });
  await tick();
  again.event('shop:s2', 1, 'E7');
  again.drop(1006);
  await new Promise((r) => setTimeout(r, 40));
  again = latest();
  again.open();
  assert.equal(again.subscribes()[0].params.epoch, 'E7');
  assert.deepEqual(got, [1]);
  c.close();
});

test('an event that skips offsets is not delivered: the client resubscribes from the last offset it holds, then gets the replay in order', async () => {
  const [c, ws, got, resets] = await subscribed('shop:s3', { offset: 10, epoch: 'E1', recovered: false });
  ws.event('shop:s3', 11, 'E1');
  ws.event('shop:s3', 14, 'E1'); // 12 and 13 were missed
  ws.event('shop:s3', 15, 'E1'); // still the old stream while the resubscribe is in flight: ignored, no second resubscribe
  const resub = ws.subscribes();
  assert.equal(resub.length, 2, 'one resubscribe for the gap');
  assert.equal(resub[1].params.since, 11);
  assert.equal(resub[1].params.epoch, 'E1');
  ws.answer(resub[1], { channel: 'shop:s3', offset: 15, epoch: 'E1', recovered: true });
  await tick();
  for (const o of [12, 13, 14, 15, 16]) ws.event('shop:s3', o, 'E1');
  assert.deepEqual(got, [11, 12, 13, 14, 15, 16], 'no gap, no duplicate');
  assert.deepEqual(resets, [], 'recovered: no reset');
  c.close();
});

test('a gap the server can no longer cover ends in reset, and the client continues from the new offset', async () => {
  const [c, ws, got, resets] = await subscribed('shop:s4', { offset: 5, epoch: 'E1', recovered: false });
  ws.event('shop:s4', 9, 'E1');
  const resub = ws.subscribes()[1];
  assert.equal(resub.params.since, 5);
  ws.answer(resub, { channel: 'shop:s4', offset: 40, epoch: 'E1', recovered: false });
  await tick();
  assert.equal(resets.length, 1);
  assert.equal(resets[0].offset, 40);
  ws.event('shop:s4', 41, 'E1');
  assert.deepEqual(got, [41]);
  c.close();
});

test('an event of another epoch makes the client resubscribe with its own epoch; recovered:false resets and adopts the new epoch', async () => {
  const [c, ws, got, resets] = await subscribed('shop:s5', { offset: 20, epoch: 'E1', recovered: false });
  ws.event('shop:s5', 21, 'E1');
  ws.event('shop:s5', 1, 'E2'); // Redis lost the channel: offsets started again under a new epoch
  const resub = ws.subscribes()[1];
  assert.deepEqual([resub.params.since, resub.params.epoch], [21, 'E1']);
  assert.deepEqual(got, [21], 'the event of the other epoch is not delivered as is');
  ws.answer(resub, { channel: 'shop:s5', offset: 1, epoch: 'E2', recovered: false });
  await tick();
  assert.equal(resets.length, 1);
  ws.event('shop:s5', 2, 'E2');
  assert.deepEqual(got, [21, 2]);
  ws.drop(1012);
  await new Promise((r) => setTimeout(r, 40));
  const again = latest();
  again.open();
  assert.deepEqual([again.subscribes()[0].params.since, again.subscribes()[0].params.epoch], [2, 'E2']);
  c.close();
});

test('close 4002 (missed events) reconnects and resubscribes with since and epoch', async () => {
  const [c, ws] = await subscribed('shop:s6', { offset: 7, epoch: 'E3', recovered: false });
  ws.drop(4002, 'missed events: reconnect and resubscribe');
  await new Promise((r) => setTimeout(r, 40));
  const again = latest();
  assert.notEqual(again, ws, 'a new socket');
  again.open();
  assert.deepEqual([again.subscribes()[0].params.since, again.subscribes()[0].params.epoch], [7, 'E3']);
  assert.notEqual(c.state, 'closed');
  c.close();
});

test('a subscribe answered -32006 (store unavailable) is retried on the same link', async () => {
  const c = client();
  const connected = c.connect();
  await tick();
  const ws = latest();
  ws.open();
  await connected;
  const off = c.subscribe('shop:s7', () => {});
  ws.receive({ jsonrpc: '2.0', id: ws.subscribes()[0].id, error: { code: -32006, message: 'Unavailable' } });
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(ws.subscribes().length, 2);
  ws.answer(ws.subscribes()[1], { channel: 'shop:s7', offset: 0, epoch: null, recovered: false });
  assert.equal((await off.ready).offset, 0);
  c.close();
});

test('a subscribe answered -32007 (rate limited) is retried on the same link, not before retryAfterMs', async () => {
  const c = client();
  const connected = c.connect();
  await tick();
  const ws = latest();
  ws.open();
  await connected;
  const off = c.subscribe('shop:s8', () => {});
  ws.receive({ jsonrpc: '2.0', id: ws.subscribes()[0].id,
    error: { code: -32007, message: 'rate limited', data: { retryAfterMs: 150 } } });
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(ws.subscribes().length, 1, 'not retried before retryAfterMs');
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(ws.subscribes().length, 2);
  ws.answer(ws.subscribes()[1], { channel: 'shop:s8', offset: 0, epoch: null, recovered: false });
  assert.equal((await off.ready).offset, 0);
  c.close();
});
