// Headless Debian Chromium driven by playwright-core (no browser download: CHROMIUM or /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../clients/js/test/support/tokens.js';

export const ARTIFACTS = path.join(ROOT, 'e2e/artifacts');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Playwright gives every launch a fresh, temporary --user-data-dir. */
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: FLAGS });
}

/** A new page in a new context (its own cookies and sessionStorage), its console copied to artifacts/logs/browser.log. */
export async function newPage(browser, name, { viewport = { width: 1280, height: 800 }, context } = {}) {
  const ctx = context ?? await browser.newContext({ viewport });
  const page = await ctx.newPage();
  mkdirSync(path.join(ARTIFACTS, 'logs'), { recursive: true });
  const log = (line) => appendFileSync(path.join(ARTIFACTS, 'logs/browser.log'), `${new Date().toISOString()} [${name}] ${line}\n`);
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') log(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
