// Validates deploy/ offline: renders each overlay with kustomize (kubectl kustomize), checks every
// resource against the Kubernetes and the vendored CRD schemas (Strimzi, External Secrets, Gateway API) and
// the API server's own rules, checks that the Ingresses and HTTPRoutes route every contract path to the
// right Service and port with timeouts fit for WebSockets or REST, that every service's required
// configuration is set, that Kafka is locked down (authentication, authorization, ACLs derived from the
// services' channels), that Kafka and Redis hold together and survive a node or zone loss, that the
// NetworkPolicies allow exactly the needed flows, that images are pinned and nothing runs as root, and that
// the Secrets survive kubectl apply -k twice. Then it runs the broken fixtures, each of which must be
// rejected for its stated reasons. Entry point: ../validate.sh.
//   node validate.mjs [--overlay DIR]... [--no-fixtures] [--quiet]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { prerender, render, ref } from './lib/render.mjs';
import { validateSchema } from './lib/schema.mjs';
import { checkRules } from './lib/rules.mjs';
import { checkConfig } from './lib/config.mjs';
import { checkStack } from './lib/stack.mjs';
import { checkKafkaAccess } from './lib/kafka-access.mjs';
import { madeSecrets, handMadeSecrets } from './lib/made.mjs';
import { checkApplyTwice } from './lib/secrets.mjs';
import { checkNetwork } from './lib/network.mjs';
import { checkEdgeConfig } from './lib/edge-config.mjs';
import { checkHardening } from './lib/hardening.mjs';
import { checkRoutes, compareWithContract } from './lib/routes.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEPLOY = path.resolve(HERE, '..');
const ROOT = path.resolve(DEPLOY, '..');
const contract = JSON.parse(fs.readFileSync(path.join(HERE, 'contract.json'), 'utf8'));

/** Validates one kustomization; returns {resources, routed, problems}. */
export function validateOverlay(dir, policyName) {
  const problems = [];
  const say = (obj, msg) => problems.push(`${ref(obj)}: ${msg}`);
  const rendered = render(dir);
  if (rendered.error) return { resources: 0, routed: 0, problems: [rendered.error] };
  const objects = rendered.objects;
  const handMade = contract.secretsByHand?.[policyName] ?? {};
  const made = [...madeSecrets(objects), ...handMadeSecrets(handMade)];
  const world = [...objects, ...made];
  for (const obj of objects) for (const msg of validateSchema(obj)) say(obj, msg);
  checkRules(objects, say, made);
  checkConfig(world, contract, ROOT, say);
  checkStack(world, contract, policyName, say);
  checkKafkaAccess(world, contract, ROOT, say);
  checkNetwork(objects, contract, policyName, say);
  checkEdgeConfig(world, contract, policyName, say);
  checkHardening(objects, contract, policyName, say);
  checkApplyTwice(dir, objects, made, handMade, say);
  const routed = checkRoutes(objects, contract, say, policyName);
  return { resources: objects.length, routed, problems };
}

async function main(argv) {
  const overlays = [];
  let fixtures = true;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--overlay') overlays.push(path.resolve(argv[++i]));
    else if (argv[i] === '--no-fixtures') fixtures = false;
    else if (argv[i] === '--quiet') quiet = true;
    else {
      console.error(`usage: validate.sh [--overlay DIR]... [--no-fixtures] [--quiet]   (unknown: ${argv[i]})`);
      return 2;
    }
  }
  if (overlays.length === 0) {
    for (const o of fs.readdirSync(path.join(DEPLOY, 'overlays')).sort()) overlays.push(path.join(DEPLOY, 'overlays', o));
  }
  const started = Date.now();
  const fdir = path.join(HERE, 'fixtures');
  const fixtureDirs = fixtures ? fs.readdirSync(fdir).sort().map((f) => path.join(fdir, f)).filter((d) => fs.existsSync(path.join(d, 'kustomization.yaml'))) : [];
  // every kustomization is rendered twice (the second for the apply-twice check): all up front, in parallel
  await prerender([...overlays, ...fixtureDirs], 2, Math.max(2, os.cpus().length));
  let failed = 0;
  let resources = 0;
  let routed = 0;

  const drift = compareWithContract(path.join(ROOT, 'docs', 'contract.md'), path.join(ROOT, 'contract', 'asyncapi.yaml'), contract);
  for (const p of drift.problems) {
    console.log(`FAIL contract: ${p}`);
    failed++;
  }
  if (!quiet && drift.problems.length === 0) console.log('deploy: validate/contract.json routes agree with docs/contract.md, its topics with contract/asyncapi.yaml');

  for (const dir of overlays) {
    const name = path.basename(dir);
    const r = validateOverlay(dir, name);
    resources += r.resources;
    routed += r.routed;
    if (r.problems.length) {
      failed += r.problems.length;
      for (const p of r.problems) console.log(`FAIL ${name}: ${p}`);
    } else if (!quiet) {
      console.log(`ok   ${name}: ${r.resources} resources valid, ${r.routed} contract paths routed`);
    }
  }

  let rejected = 0;
  let fixtureCount = 0;
  if (fixtures) {
    for (const dir of fixtureDirs) {
      const f = path.basename(dir);
      fixtureCount++;
      const expected = fs.readFileSync(path.join(dir, 'expect'), 'utf8').split('\n').map((s) => s.trim()).filter((s) => s && !s.startsWith('#'));
      const policyFile = path.join(dir, 'policy');
      const policy = fs.existsSync(policyFile) ? fs.readFileSync(policyFile, 'utf8').trim() : 'production';
      const r = validateOverlay(dir, policy);
      const missing = expected.filter((e) => !r.problems.some((p) => p.includes(e)));
      if (r.problems.length === 0) {
        console.log(`FAIL fixture ${f}: the validator accepted a broken manifest`);
        failed++;
      } else if (missing.length) {
        console.log(`FAIL fixture ${f}: rejected, but not for the expected reason(s): ${missing.join(' | ')}`);
        for (const p of r.problems) console.log(`       got: ${p}`);
        failed++;
      } else {
        rejected++;
        if (!quiet) console.log(`ok   fixture ${f}: rejected (${r.problems[0]}${r.problems.length > 1 ? ` and ${r.problems.length - 1} more` : ''})`);
      }
    }
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const fx = fixtures ? `, ${rejected}/${fixtureCount} broken fixtures rejected` : '';
  if (failed) {
    console.log(`deploy: FAILED with ${failed} problem(s) (${resources} resources, ${routed} paths routed${fx}, ${secs} s)`);
    return 1;
  }
  console.log(`deploy: ${resources} resources valid, ${routed} paths routed (${overlays.length} overlays${fx}, ${secs} s)`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
