// The pages people use, in headless Chromium, against the real services (packaged jars) over the test
// Kafka and Redis. One stack for the file (starting JVMs is the expensive part); each test opens its own
// browser context and uses its own shop, board or kiosk ids.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SwitchboardClient } from '../../clients/js/switchboard-client.js';
import { mintToken } from '../../clients/js/test/support/tokens.js';
import { postEvent, until } from '../../clients/js/test/support/servers.js';
import { startStack } from '../support/stack.js';
import { launchBrowser, newPage, screenshot } from '../support/browser.js';
import { produceEvent, watchReceipts, closeKafka } from '../support/kafka.js';

let stack;
let browser;
const service = mintToken('orders-service', ['service']);
const uid = () => randomUUID().slice(0, 8);
const order = (shop, orderId, customerId = 'c-42', total = 23.5) => ({
  id: `evt-${uid()}`, channel: `shop:${shop}`, type: 'order.placed', data: { orderId, customerId, total, currency: 'EUR' },
});
const hasText = (page, selector, text, timeout = 15_000) => page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout });

before(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await closeKafka();
  await stack?.stop();
});

test('QR login: the page logs in as soon as the phone page approves, and its token is accepted by the other services', { timeout: 120_000 }, async () => {
  const page = await newPage(browser, 'qr');
  await page.goto(`${stack.auth.http}/`);
  await page.click('#start');
  const link = page.locator('#qrLink');
  await link.waitFor();
  await hasText(page, '#via', 'push');
  await screenshot(page, 'qr-login');

  const phone = await newPage(browser, 'phone', { context: page.context() });
  await phone.setViewportSize({ width: 420, height: 640 });
  await phone.goto(await link.getAttribute('href'));
  await phone.click('button[value=scan]');
  await hasText(page, '#state', 'scanned');
  await hasText(phone, '#result', 'scanned');
  await screenshot(phone, 'phone');
  await phone.click('button[value=approve]');
  await page.locator('#user').waitFor({ state: 'visible', timeout: 5000 });
  assert.equal(await page.textContent('#user-name'), 'Welcome, Ada Lovelace');
  assert.equal(await page.textContent('#user-id'), 'user-42');
  assert.equal(await page.textContent('#state'), 'granted');
  await screenshot(page, 'qr-logged-in');

  // the session token in sessionStorage is a customer token the other services accept (404: no such order, not 401)
  const token = await page.evaluate(() => sessionStorage.getItem('sb.token.customer'));
  const r = await fetch(`${stack.notifyA.http}/api/orders/o-none-${uid()}/reminders`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 404);
  await page.context().close();
});

test('device console: a dispense to a simulated kiosk shows the machine\'s answer', { timeout: 120_000 }, async () => {
  const kiosk = `${stack.kioskPrefix}1`;
  const page = await newPage(browser, 'console');
  await page.goto(`${stack.commands.http}/console.html#token=${mintToken('alice', ['operator'])}`);
  assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
  await page.locator(`#devices tr[data-device="${kiosk}"]`).waitFor({ timeout: 30_000 });
  await page.click(`#devices tr[data-device="${kiosk}"]`);
  await page.fill('#params', '{"bag": 2}');
  await page.click('#send');
  await hasText(page, '#outcome', 'succeeded', 20_000);
  const result = JSON.parse(await page.textContent('#result'));
  assert.equal(result.deviceId, kiosk);
  assert.equal(result.status, 'succeeded');
  assert.ok(result.result, 'the kiosk\'s result');
  await screenshot(page, 'console');
  await page.context().close();
});

/** A simulated kiosk on the device link (token in ?access_token=, as machines may send it); resolves once connected. */
async function kiosk(deviceId) {
  const ws = new WebSocket(`${stack.gateway.ws}/devices/ws?access_token=${mintToken(deviceId, ['device'])}`);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error(`kiosk ${deviceId} could not connect`));
  });
  return ws;
}

/** Closes a kiosk's socket and waits for the close to complete. */
async function leave(ws) {
  const closed = new Promise((resolve) => { ws.onclose = resolve; });
  ws.close(1000, 'bye');
  await closed;
}

test('device console: machines connecting and leaving show up live, without polling or a reload', { timeout: 120_000 }, async () => {
  const page = await newPage(browser, 'console-live');
  const listReads = []; // each GET /api/devices the page makes (its full reloads)
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/devices') listReads.push(Date.now()); });
  await page.goto(`${stack.commands.http}/console.html#token=${mintToken('alice', ['operator'])}`);
  await page.locator('#conn[data-state=open]').waitFor({ timeout: 30_000 });
  await page.evaluate(() => { window.sameDocument = true; });
  const row = (id) => page.locator(`#devices tr[data-device="${id}"]`);

  // warm-up: the consumer groups on the way (command-service on device.events, notify on notify.events) may still be
  // joining; the first machine may take longer
  const first = `${stack.kioskPrefix}live-${uid()}`;
  const a = await kiosk(first);
  await row(first).waitFor({ timeout: 60_000 });
  await leave(a);
  await row(first).waitFor({ state: 'detached', timeout: 15_000 });

  // now the timed one: within 3 s of connecting (the old page polled every 5 s), with no read of the list meanwhile
  const second = `${stack.kioskPrefix}live-${uid()}`;
  const before = listReads.length;
  const connectedAt = Date.now();
  const b = await kiosk(second);
  await row(second).waitFor({ timeout: 3000 });
  const shownAfter = Date.now() - connectedAt;
  assert.equal(await row(second).locator('td').nth(0).textContent(), second);
  await screenshot(page, 'console-live');
  await leave(b);
  await row(second).waitFor({ state: 'detached', timeout: 3000 });
  assert.equal(listReads.length, before, 'added and removed from ops:devices events, not by reading GET /api/devices');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was not reloaded');
  assert.equal(await page.getAttribute('#conn', 'data-state'), 'open');
  console.log(`# console: ${second} listed ${shownAfter} ms after it connected`);
  await page.context().close();
});

test('device console: a job started from the form on two kiosks reaches succeeded=2 live', { timeout: 120_000 }, async () => {
  const operator = mintToken('alice', ['operator']);
  const page = await newPage(browser, 'console-jobs');
  await page.goto(`${stack.commands.http}/console.html#token=${operator}`);
  await page.locator('#conn[data-state=open]').waitFor({ timeout: 30_000 });
  const kiosks = [1, 2].map((n) => `${stack.kioskPrefix}${n}`);
  for (const k of kiosks) await page.locator(`#devices tr[data-device="${k}"]`).waitFor({ timeout: 30_000 });
  // what reaches the page on ops:jobs, to tell live updates from the page's own reads
  await page.evaluate(() => {
    window.jobEvents = [];
    window.switchboard.client.on('event', (e) => { if (e.channel === 'ops:jobs') window.jobEvents.push(e); });
  });

  await page.fill('#job-method', 'dispense');
  await page.fill('#job-params', '{"bag": 3}');
  await page.fill('#job-devices', kiosks.join(', '));
  await page.fill('#job-rate', '600');
  await page.click('#job-start');
  const started = page.locator('#jobs tr.selected');
  await started.waitFor({ timeout: 10_000 });
  const jobId = await started.getAttribute('data-job');
  assert.ok(jobId, 'the new job is listed and selected');
  const job = page.locator(`#jobs tr[data-job="${jobId}"]`);
  await page.locator(`#jobs tr[data-job="${jobId}"][data-succeeded="2"]`).waitFor({ timeout: 30_000 });
  assert.equal(await job.getAttribute('data-failed'), '0');
  await page.locator(`#jobs tr[data-job="${jobId}"][data-status="completed"]`).waitFor({ timeout: 10_000 });
  assert.equal(await job.locator('[data-count=succeeded] b').textContent(), '2');
  const progress = await page.evaluate((id) => window.jobEvents.filter((e) => e.type === 'job.progress' && e.data.jobId === id)
    .map((e) => e.data.counts.succeeded), jobId);
  assert.ok(progress.includes(2), `job.progress with succeeded=2 reached the page live (saw ${JSON.stringify(progress)})`);

  // the selected job's machines, paged from GET /api/jobs/{id}
  await page.locator('#job-machines tr[data-status=succeeded]').nth(1).waitFor({ timeout: 10_000 });
  const machines = await page.locator('#job-machines tr').evaluateAll((rows) => rows.map((r) => r.dataset.device).sort());
  assert.deepEqual(machines, kiosks);
  await screenshot(page, 'console-jobs');

  // a bad form is refused before anything is sent
  await page.fill('#job-params', '[1, 2]');
  await page.click('#job-start');
  await hasText(page, '#job-error', 'params must be a JSON object', 5000);
  await page.context().close();
});

test('todo board: two browsers see each other\'s changes live', { timeout: 120_000 }, async () => {
  const board = `b-${stack.run}`;
  const open = async (user) => {
    const page = await newPage(browser, `board-${user}`);
    await page.goto(`${stack.notifyA.http}/board.html#token=${mintToken(user, ['staff'], { boards: [board] })}`);
    await page.locator('#conn[data-state=open]').waitFor({ timeout: 20_000 });
    return page;
  };
  const alice = await open('alice');
  const bob = await open('bob');

  await alice.fill('#new-text', 'Restock paper bags');
  await alice.press('#new-text', 'Enter');
  await hasText(bob, '#todos li', 'Restock paper bags');
  await bob.fill('#new-text', 'Call the kiosk technician');
  await bob.press('#new-text', 'Enter');
  await hasText(alice, '#todos li', 'Call the kiosk technician');

  await bob.locator('#todos li', { hasText: 'Restock paper bags' }).locator('input[type=checkbox]').click();
  await alice.locator('#todos li.done', { hasText: 'Restock paper bags' }).waitFor({ timeout: 15_000 });
  await hasText(alice, '#activity li', 'bob completed');

  // a third colleague opening the board later gets the same state from the channel's history
  const carol = await open('carol');
  await carol.locator('#todos li.done', { hasText: 'Restock paper bags' }).waitFor({ timeout: 15_000 });
  await hasText(carol, '#todos li', 'Call the kiosk technician');
  await screenshot(alice, 'board');
  for (const p of [alice, bob, carol]) await p.context().close();
});

test('merchant page: orders from HTTP and from Kafka pop up, are announced, and are acknowledged (receipt on Kafka)', { timeout: 120_000 }, async () => {
  const shop = `e2e-${stack.run}`;
  const page = await newPage(browser, 'merchant');
  await page.goto(`${stack.notifyA.http}/merchant.html#token=${mintToken('m1', ['merchant'], { shop })}`);
  assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
  await page.click('#sound-on');
  await page.locator('#conn[data-state=open]').waitFor({ timeout: 20_000 });
  for (const hidden of ['#token-panel', '#sound-bar', '#banner', '#popup']) assert.equal(await page.isVisible(hidden), false, `${hidden} hidden`);

  const first = await postEvent(stack.notifyA, service, order(shop, 'o-1001'));
  await page.locator('#popup').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await page.textContent('#popup-title'), 'New order o-1001');
  await hasText(page, '#announce-log li', 'New order o-1001');
  const kind = await page.locator('#announce-log li', { hasText: 'o-1001' }).first().getAttribute('data-kind');
  assert.ok(['spoken', 'beep'].includes(kind), `announced (${kind})`);

  // the same channel fed through Kafka notify.events; the consumer group may still be joining, so
  // probe with a Node client until the ingest path answers, then send the real order
  const probeShop = `${shop}-probe`;
  const probe = new SwitchboardClient({ url: `${stack.notifyA.ws}/notifications/ws`, token: mintToken('probe', ['merchant'], { shop: probeShop }) });
  let probed = false;
  probe.subscribe(`shop:${probeShop}`, () => { probed = true; });
  await probe.connect();
  for (let i = 0; i < 60 && !probed; i++) {
    await produceEvent(order(probeShop, `probe-${i}`));
    await until(() => probed, 1000, 'probe').catch(() => {});
  }
  probe.close();
  assert.ok(probed, 'notify-service consumes notify.events');
  await produceEvent(order(shop, 'o-1002', 'c-43', 12));
  await hasText(page, '#feed li', 'o-1002');
  await hasText(page, '#popup-more', '1 more waiting');
  await screenshot(page, 'merchant');

  const receipts = await watchReceipts();
  try {
    await page.click('#popup-ack'); // the oldest first: o-1001
    await page.locator(`#feed li[data-id="${first.id}"] .seen`).waitFor({ timeout: 10_000 });
    assert.equal(await page.textContent('#popup-title'), 'New order o-1002');
    await until(() => receipts.seen.some((r) => r.eventId === first.id), 30_000, 'the receipt on notify.receipts');
    const receipt = receipts.seen.find((r) => r.eventId === first.id);
    assert.equal(receipt.channel, `shop:${shop}`);
    assert.equal(receipt.userId, 'm1');
  } finally {
    await receipts.stop();
  }
  await page.context().close();
});

test('merchant page: orders and reminders sent while notify-service restarts appear after it reconnects', { timeout: 180_000 }, async () => {
  const shop = `e2e-${stack.run}-r`;
  const page = await newPage(browser, 'merchant-recovery');
  await page.goto(`${stack.notifyA.http}/merchant.html`); // no token in the URL: pasted instead
  await page.locator('#token-panel').waitFor({ state: 'visible' });
  await page.fill('#token-input', mintToken('m2', ['merchant'], { shop }));
  await page.click('#token-use');
  await page.locator('#conn[data-state=open]').waitFor({ timeout: 20_000 });
  assert.equal(await page.isVisible('#token-panel'), false);
  await postEvent(stack.notifyB, service, order(shop, 'o-2001', 'c-77'));
  await hasText(page, '#feed li', 'o-2001');

  await stack.notifyA.stop(); // SIGTERM: the page's socket is closed with 1012
  try {
    await page.locator('#conn[data-state=reconnecting]').waitFor({ timeout: 10_000 });
    await postEvent(stack.notifyB, service, order(shop, 'o-2002', 'c-78', 8.9)); // B is still up
    const reminder = await fetch(`${stack.notifyB.http}/api/orders/o-2001/reminders`,
      { method: 'POST', headers: { Authorization: `Bearer ${mintToken('c-77', ['customer'])}` } });
    assert.equal(reminder.status, 202);
  } finally {
    stack.notifyA.start();
    await stack.notifyA.ready();
  }
  await page.locator('#conn[data-state=open]').waitFor({ timeout: 60_000 });
  await hasText(page, '#feed li', 'o-2002');
  await page.locator('#feed li[data-type="order.reminder"]').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('#feed li .tag.missed').count(), 2, 'both tagged as arrived while offline');
  assert.equal(await page.locator('#feed li').count(), 3, 'nothing twice');
  assert.equal(await page.textContent('#popup-title'), 'New order o-2001');
  await hasText(page, '#popup-more', '2 more waiting');
  await screenshot(page, 'merchant-recovered');
  await page.context().close();
});
