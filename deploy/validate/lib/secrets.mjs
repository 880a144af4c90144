// Applies the rendered overlay to a simulated cluster the way kubectl does, twice, with the keys put in
// between as the README says, and then `kubectl delete -k` and apply again: no step may fail, and the real
// keys must survive every one. The Secrets are followed key by key:
//   1. `kubectl apply -k` (render 1): a rendered Secret is created, or patched three-way: its keys are
//      set, and keys the previous apply set (last-applied-configuration) that it no longer has are removed;
//      operators then write the Secrets of their objects (ExternalSecret, KafkaUser, Kafka: lib/made.mjs);
//   2. the keys created by hand (contract.json secretsByHand for this overlay) with `kubectl create secret`,
//      which fails with AlreadyExists when the apply already made that Secret (the whole run is done twice:
//      keys created after the first apply, and before it);
//   3. `kubectl apply -k` again (render 2): no real key may be overwritten or removed;
//   4. `kubectl delete -k`, then `kubectl apply -k`: what an operator made comes back from its source; a key
//      put in by hand into a Secret the manifests own is gone.
// The placeholder Secrets of old fail at 2 (created after the apply) or 4 (created before it).
import { render } from './render.mjs';
import { WORKLOADS } from './rules.mjs';

const keysOf = (s) => [...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})];

/** Secret names the workloads need (non-optional references). */
function requiredSecrets(objects) {
  const names = new Set();
  for (const o of objects.filter((x) => WORKLOADS.has(x.kind))) {
    const pod = o.spec?.template?.spec ?? {};
    for (const v of pod.volumes ?? []) if (v.secret && !v.secret.optional) names.add(v.secret.secretName);
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef && !e.valueFrom.secretKeyRef.optional) names.add(e.valueFrom.secretKeyRef.name);
      for (const e of c.envFrom ?? []) if (e.secretRef && !e.secretRef.optional) names.add(e.secretRef.name);
    }
  }
  return names;
}

/** One run: keys by hand `order` ('before' or 'after') the first apply; pushes problems. */
function simulate(order, objects, second, made, handMade, problems) {
  const cluster = new Map(); // name -> {data: Map(key -> value), lastApplied: Set|null, by, owner}
  const real = (name, key) => `real:${name}/${key}`;

  const apply = (objs, step) => {
    for (const s of objs.filter((o) => o.kind === 'Secret')) {
      const name = s.metadata.name;
      const keys = keysOf(s);
      const cur = cluster.get(name);
      if (!cur) {
        cluster.set(name, { data: new Map(keys.map((k) => [k, 'manifest'])), lastApplied: new Set(keys), by: 'apply' });
        continue;
      }
      for (const k of keys) {
        if (String(cur.data.get(k)).startsWith('real:')) problems.push(`${step}: overwrites key ${k} of Secret ${name} with the manifest's value`);
        cur.data.set(k, 'manifest');
      }
      for (const k of cur.lastApplied ?? []) {
        if (!keys.includes(k) && cur.data.has(k)) {
          if (String(cur.data.get(k)).startsWith('real:')) problems.push(`${step}: removes key ${k} of Secret ${name} (the previous apply set it, this manifest has it no more)`);
          cur.data.delete(k);
        }
      }
      cur.lastApplied = new Set(keys);
    }
    const present = new Set(objs.map((o) => `${o.kind}/${o.metadata?.name}`));
    for (const m of made.filter((x) => x.owner && present.has(`${x.owner.kind}/${x.owner.metadata.name}`))) {
      const name = m.metadata.name;
      const keys = m.metadata.annotations['switchboard.io/required-keys'].split(',').filter(Boolean);
      const cur = cluster.get(name);
      if (cur && cur.by === 'apply') problems.push(`${step}: Secret ${name} is both in the manifests and written by ${m.madeBy}`);
      cluster.set(name, { data: new Map(keys.map((k) => [k, real(name, k)])), lastApplied: cur?.lastApplied ?? null, by: 'operator', owner: m.owner });
    }
  };

  const check = (step) => {
    for (const name of requiredSecrets(objects)) {
      const want = made.find((m) => m.metadata.name === name)?.metadata.annotations['switchboard.io/required-keys'].split(',').filter(Boolean) ?? [];
      const cur = cluster.get(name);
      const missing = want.filter((k) => !String(cur?.data.get(k)).startsWith('real:'));
      if (!made.some((m) => m.metadata.name === name)) problems.push(`${step}: nothing puts the keys into Secret ${name} (no ExternalSecret or operator writes it, and contract.json secretsByHand does not name it for this overlay)`);
      else if (!cur) problems.push(`${step}: Secret ${name} does not exist (nothing makes it)`);
      else if (missing.length) problems.push(`${step}: Secret ${name} lacks the real ${missing.join(', ')}`);
    }
  };

  const byHand = () => {
    for (const [name, keys] of Object.entries(handMade ?? {})) {
      const cur = cluster.get(name);
      if (cur) {
        problems.push(`kubectl create secret generic ${name} (README "Secrets") fails: AlreadyExists, the first apply -k created it from the manifests`);
        // the way round it people take: create --dry-run=client -o yaml | kubectl apply -f -, which records the keys as last applied
        for (const k of keys) cur.data.set(k, real(name, k));
        cur.lastApplied = new Set(keys);
      } else {
        cluster.set(name, { data: new Map(keys.map((k) => [k, real(name, k)])), lastApplied: null, by: 'hand' });
      }
    }
  };
  if (order === 'before') byHand();
  apply(objects, 'first kubectl apply -k');
  if (order === 'after') byHand();
  check('after the keys were put in');
  apply(second, 'second kubectl apply -k');
  check('after the second kubectl apply -k');
  for (const o of second) {
    const name = o.metadata?.name;
    if (o.kind === 'Secret' && cluster.has(name)) {
      if ([...cluster.get(name).data.values()].some((v) => String(v).startsWith('real:'))) problems.push(`kubectl delete -k deletes Secret ${name}, and the keys put into it by hand with it`);
      cluster.delete(name);
    }
    for (const [n, s] of cluster) if (s.owner && s.owner.kind === o.kind && s.owner.metadata.name === name) cluster.delete(n);
  }
  apply(objects, 'kubectl apply -k after delete -k');
  check('after kubectl delete -k and apply -k');
}

/** Simulates apply, keys, apply, delete + apply for overlay `dir`; `say(obj, msg)` records a problem. */
export function checkApplyTwice(dir, objects, made, handMade, say) {
  const second = render(dir);
  if (second.error) {
    say({ kind: 'Kustomization', metadata: { name: dir } }, `second render: ${second.error}`);
    return;
  }
  const problems = [];
  for (const order of ['after', 'before']) simulate(order, objects, second.objects, made, handMade, problems);
  const anchor = { kind: 'Secret', metadata: { name: '(apply twice)' } };
  for (const p of [...new Set(problems)]) say(anchor, p);
}
