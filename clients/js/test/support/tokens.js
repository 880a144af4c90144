// Mints RS256 JWTs with node:crypto and the test key pair (test-support/.../switchboard-test), the
// claims the services read: iss, sub, exp, groups, and extras such as shop or boards.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const TEST_KEYS = path.join(ROOT, 'test-support/src/main/resources/switchboard-test');
export const ISSUER = 'https://switchboard.local/issuer';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/**
 * @param {string} sub
 * @param {string[]} groups roles
 * @param {object} [extra] more claims, e.g. {shop: 's1'} or {boards: ['b1']}
 * @param {{ttlSeconds?: number, keyFile?: string}} [options]
 */
export function mintToken(sub, groups, extra = {}, { ttlSeconds = 3600, keyFile = path.join(TEST_KEYS, 'privateKey.pem') } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ iss: ISSUER, sub, upn: sub, iat: now, exp: now + ttlSeconds, groups, ...extra }));
  const key = createPrivateKey(readFileSync(keyFile));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${b64url(signature)}`;
}
