// The TEST profile's ports, read from infra/profiles.env as scripts/lib.sh and the Java tests' Ports read them
// (so a checkout that moved its test Kafka and Redis to private ports is used by these tests too).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './tokens.js';

function profile() {
  const values = {};
  for (const line of readFileSync(path.join(ROOT, 'infra/profiles.env'), 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(\d+)\s*$/.exec(line);
    if (m) values[m[1]] = Number(m[2]);
  }
  return values;
}

const ports = profile();
const required = (key) => {
  if (!Number.isInteger(ports[key])) throw new Error(`infra/profiles.env has no ${key}`);
  return ports[key];
};

export const TEST_KAFKA_PORT = required('TEST_KAFKA_PORT');
export const TEST_REDIS_PORT = required('TEST_REDIS_PORT');
