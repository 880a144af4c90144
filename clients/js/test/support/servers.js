// Starts packaged services (<module>/target/quarkus-app/quarkus-run.jar, prod profile, configured by
// environment variables only) against the TEST Kafka and Redis (infra/profiles.env: 127.0.0.1:29092 and :26379), and
// lets a test stall (SIGSTOP), resume (SIGCONT), stop (SIGTERM) and restart them.
import { spawn, execFileSync } from 'node:child_process';
import { createServer, connect as tcpConnect } from 'node:net';
import { existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ROOT, TEST_KEYS, ISSUER } from './tokens.js';
import { TEST_KAFKA_PORT, TEST_REDIS_PORT } from './ports.js';

export const KAFKA = `127.0.0.1:${TEST_KAFKA_PORT}`;
export const REDIS = `redis://127.0.0.1:${TEST_REDIS_PORT}`;
const logs = () => process.env.SB_TEST_LOGS ?? path.join(ROOT, 'clients/js/target/test-logs');
const live = new Set();
process.on('exit', () => { for (const s of live) s.kill('SIGKILL'); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = tcpConnect({ port, host });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/** Starts the test Kafka and Redis unless they run; returns a function that stops them only if it started them. */
export async function ensureInfra() {
  if ((await portOpen(TEST_KAFKA_PORT)) && (await portOpen(TEST_REDIS_PORT))) return async () => {};
  execFileSync(path.join(ROOT, 'scripts/infra.sh'), ['start', 'test'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return async () => { execFileSync(path.join(ROOT, 'scripts/infra.sh'), ['stop', 'test'], { stdio: 'ignore' }); };
}

/** The environment every service gets: ports, test infra, the test public key, and a Kafka group of its own. */
export function baseEnv(port, extra = {}) {
  return {
    ...process.env,
    QUARKUS_HTTP_PORT: String(port),
    KAFKA_BOOTSTRAP_SERVERS: KAFKA,
    QUARKUS_REDIS_HOSTS: REDIS,
    MP_JWT_VERIFY_PUBLICKEY_LOCATION: path.join(TEST_KEYS, 'publicKey.pem'),
    MP_JWT_VERIFY_ISSUER: ISSUER,
    ...extra,
  };
}

export class ServiceProcess {
  /**
   * @param {string} module e.g. 'notify-service'
   * @param {string} name   log file name
   * @param {number} port
   * @param {object} env    extra environment variables
   */
  constructor(module, name, port, env = {}) {
    this.module = module;
    this.name = name;
    this.port = port;
    this.env = env;
    this.jar = path.join(ROOT, module, 'target/quarkus-app/quarkus-run.jar');
    this.child = null;
  }

  get http() { return `http://127.0.0.1:${this.port}`; }
  get ws() { return `ws://127.0.0.1:${this.port}`; }

  start() {
    if (!existsSync(this.jar)) throw new Error(`${this.jar} is missing: run ./mvnw package -DskipTests -pl ${this.module}`);
    mkdirSync(logs(), { recursive: true });
    const log = openSync(path.join(logs(), `${this.name}.log`), 'a');
    // C1 only and the serial collector: quicker start and less CPU on a small shared machine
    this.child = spawn('java', ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', this.jar],
      { env: baseEnv(this.port, this.env), stdio: ['ignore', log, log] });
    closeSync(log);
    const child = this.child;
    live.add(child);
    child.once('exit', () => live.delete(child));
    return this;
  }

  /** Waits for /q/health/ready (polling a process this test started, as an orchestrator would). */
  async ready(timeoutMs = 90_000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (!this.child || this.child.exitCode !== null) throw new Error(`${this.name} exited; see ${logs()}/${this.name}.log`);
      try {
        const r = await fetch(`${this.http}/q/health/ready`, { signal: AbortSignal.timeout(2000) });
        if (r.status === 200) return this;
      } catch { /* not listening yet */ }
      await sleep(200);
    }
    throw new Error(`${this.name} not ready within ${timeoutMs} ms; see ${logs()}/${this.name}.log`);
  }

  pause() { this.child.kill('SIGSTOP'); }
  resume() { this.child.kill('SIGCONT'); }

  /** SIGTERM (graceful: sockets are closed with 1012), then SIGKILL after 20 s. */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  async restart() {
    await this.stop();
    this.start();
    return this.ready();
  }
}

/** A notify-service replica with its own Kafka consumer group (so stalling it never stalls anyone else's). */
export async function notifyService(name, extraEnv = {}) {
  const port = await freePort();
  return new ServiceProcess('notify-service', name, port, {
    NOTIFY_ALLOWED_ORIGINS: `http://127.0.0.1:${port}`,
    NOTIFY_SOCKET_SWEEP_INTERVAL: '1s',
    MP_MESSAGING_INCOMING_NOTIFY_EVENTS_GROUP_ID: `notify-clienttest-${randomUUID()}`,
    MP_MESSAGING_INCOMING_NOTIFY_EVENTS_AUTO_OFFSET_RESET: 'latest',
    ...extraEnv,
  }).start();
}

/** POST /api/events with a service token; resolves with {id, offset, ...}. */
export async function postEvent(service, token, event) {
  const r = await fetch(`${service.http}/api/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
  const body = await r.json();
  if (r.status !== 202) throw new Error(`POST /api/events: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

/** Resolves once predicate() holds (checked every 50 ms, like Awaitility), or fails after timeoutMs. */
export async function until(predicate, timeoutMs = 10_000, what = 'condition') {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
