// Pure unit tests: reconnect backoff bounds and close-code classification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, isFinalCloseCode } from '../switchboard-client.js';

const opts = (random) => ({ minBackoffMs: 500, maxBackoffMs: 30_000, random });

test('backoff stays within [min, min(max, min * 2^(attempt+1))] for every attempt', () => {
  for (let attempt = 0; attempt < 50; attempt++) {
    const cap = Math.min(30_000, 500 * 2 ** (attempt + 1));
    assert.equal(backoffDelay(attempt, opts(() => 0)), 500, `attempt ${attempt}: lowest`);
    assert.equal(backoffDelay(attempt, opts(() => 0.9999999999)), cap, `attempt ${attempt}: highest`);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(attempt, opts(Math.random));
      assert.ok(Number.isInteger(d) && d >= 500 && d <= cap, `attempt ${attempt}: ${d} outside [500, ${cap}]`);
    }
  }
});

test('backoff never exceeds the maximum, even for huge attempt counts', () => {
  assert.equal(backoffDelay(10_000, opts(() => 0.9999999999)), 30_000);
  assert.equal(backoffDelay(Number.MAX_SAFE_INTEGER, opts(() => 0.5)) <= 30_000, true);
});

test('backoff is spread, not clumped at the minimum: the first retry uses the whole [min, 2*min] window', () => {
  const samples = Array.from({ length: 4000 }, () => backoffDelay(0, opts(Math.random)));
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  assert.ok(mean > 700 && mean < 800, `mean ${mean} should be near 750`);
  assert.ok(samples.filter((d) => d === 500).length < 40, 'no pile-up at the minimum');
});

test('backoff with min == max is constant', () => {
  assert.equal(backoffDelay(7, { minBackoffMs: 1000, maxBackoffMs: 1000, random: Math.random }), 1000);
});

test('only 4500-4999 close codes are final', () => {
  for (const code of [1000, 1001, 1006, 1008, 1009, 1011, 1012, 4000, 4001, 4499]) assert.equal(isFinalCloseCode(code), false, String(code));
  for (const code of [4500, 4501, 4999]) assert.equal(isFinalCloseCode(code), true, String(code));
  assert.equal(isFinalCloseCode(5000), false);
});
