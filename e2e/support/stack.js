// The system the pages run against, started from the packaged jars on free ports over the TEST Kafka
// and Redis: device-gateway, command-service, auth-callback-service, the simulated QR third party
// (qr-simulator), two notify-service replicas (A serves the pages and the device console's live link; B keeps
// ingesting while A restarts) and the device simulator. Kafka consumer groups are this run's own, so other test
// runs on the same broker are untouched.
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { ServiceProcess, freePort, baseEnv, portOpen } from '../../clients/js/test/support/servers.js';
import { ROOT, TEST_KEYS } from '../../clients/js/test/support/tokens.js';

export const LOGS = path.join(ROOT, 'e2e/artifacts/logs');
process.env.SB_TEST_LOGS = LOGS;

export async function startStack() {
  const run = randomUUID().slice(0, 8);
  const [g, c, q, a, b, s] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const notifyEnv = (port) => ({
    // its own pages, and the device console served by command-service (ops:devices, ops:jobs)
    NOTIFY_ALLOWED_ORIGINS: `http://127.0.0.1:${port},http://127.0.0.1:${c}`,
    MP_MESSAGING_INCOMING_NOTIFY_EVENTS_GROUP_ID: `notify-e2e-${run}`,
    MP_MESSAGING_INCOMING_NOTIFY_EVENTS_AUTO_OFFSET_RESET: 'latest',
  });
  const stack = {
    run,
    gateway: new ServiceProcess('device-gateway', 'device-gateway', g),
    commands: new ServiceProcess('command-service', 'command-service', c, {
      MP_MESSAGING_INCOMING_DEVICE_REPLIES_GROUP_ID: `command-e2e-${run}`,
      // a new group replays device.events from the start: only reports younger than
      // commands.ops.device-events-max-age reach the console
      MP_MESSAGING_INCOMING_DEVICE_EVENTS_GROUP_ID: `command-e2e-devices-${run}`,
      COMMANDS_CONSOLE_NOTIFY_URL: `ws://127.0.0.1:${a}/notifications/ws`,
    }),
    auth: new ServiceProcess('auth-callback-service', 'auth-callback-service', q, {
      QR_THIRD_PARTY_URL: `http://127.0.0.1:${s}/sim/third-party`,
      QR_WEBHOOK_SECRETS: webhookSecret,
      QR_COOKIE_SECURE: 'false',
      SMALLRYE_JWT_SIGN_KEY_LOCATION: path.join(TEST_KEYS, 'privateKey.pem'),
    }),
    notifyA: new ServiceProcess('notify-service', 'notify-A', a, notifyEnv(a)),
    notifyB: new ServiceProcess('notify-service', 'notify-B', b, notifyEnv(b)),
    kioskPrefix: `e2e-${run}-kiosk-`,
    simulator: null,
    qrSimulator: null,
  };
  const services = [stack.gateway, stack.commands, stack.auth, stack.notifyA, stack.notifyB];
  stack.stop = async () => {
    stack.simulator?.kill('SIGTERM');
    stack.qrSimulator?.kill('SIGTERM');
    await Promise.all(services.map((s) => s.stop()));
  };
  try {
    stack.qrSimulator = await qrSimulator(s, q, webhookSecret);
    for (const service of services) service.start();
    await Promise.all(services.map((service) => service.ready(120_000)));
    stack.simulator = simulator(stack.gateway.port, stack.kioskPrefix);
  } catch (e) {
    await stack.stop();
    throw e;
  }
  return stack;
}

/** The simulated QR third party on `port`, signing the webhooks it posts to auth on `authPort`; waits until it listens. */
async function qrSimulator(port, authPort, webhookSecret) {
  mkdirSync(LOGS, { recursive: true });
  const log = openSync(path.join(LOGS, 'qr-simulator.log'), 'a');
  const child = spawn('java', ['-Xmx96m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar',
    path.join(ROOT, 'qr-simulator/target/qr-simulator-0.1.0-SNAPSHOT-all.jar'), '--port', String(port),
    '--webhook-url', `http://127.0.0.1:${authPort}/api/callbacks/qr-grants`],
  { env: { ...process.env, QR_WEBHOOK_SECRETS: webhookSecret }, stdio: ['ignore', log, log] });
  closeSync(log);
  process.on('exit', () => child.kill('SIGKILL'));
  for (let i = 0; i < 150 && !(await portOpen(port)); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200)); // polling a process this run started
  }
  if (!(await portOpen(port))) throw new Error(`qr-simulator did not listen on ${port}; see ${LOGS}/qr-simulator.log`);
  return child;
}

/** Three simulated kiosks answering after 300 ms, never failing. */
function simulator(gatewayPort, prefix) {
  mkdirSync(LOGS, { recursive: true });
  const log = openSync(path.join(LOGS, 'device-simulator.log'), 'a');
  const child = spawn('java', ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar',
    path.join(ROOT, 'device-simulator/target/device-simulator-0.1.0-SNAPSHOT-all.jar'),
    '--url', `ws://127.0.0.1:${gatewayPort}/devices/ws`, '--devices', '3', '--prefix', prefix, '--delay-ms', '300',
    '--failure-rate', '0', '--key', path.join(TEST_KEYS, 'privateKey.pem')],
  { env: baseEnv(0), stdio: ['ignore', log, log] });
  closeSync(log);
  process.on('exit', () => child.kill('SIGKILL'));
  return child;
}
