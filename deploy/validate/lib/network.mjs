// NetworkPolicies: default deny for ingress and egress, no allow-all rule, and exactly the flows the system
// needs between the pods of the namespace (contract.json "network"), computed the way a CNI enforces them:
// a connection src -> dst:port passes when src's egress allows it (or no Egress policy selects src) and
// dst's ingress allows it (or no Ingress policy selects dst). The Kafka pods are not in the manifests: they
// are modelled from the KafkaNodePools, with the ingress Strimzi's own NetworkPolicy gives the listeners'
// networkPolicyPeers. Outside the namespace: every pod the egress deny covers reaches the cluster DNS, the
// services take the edge on 8080.
import { labelSelectorMatches, podTemplates } from './rules.mjs';

const NAME = 'app.kubernetes.io/name';

/** The namespace's pods: [{name, labels, ports:Set, strimzi}], the workloads' and Strimzi's Kafka nodes. */
function pods(objects) {
  const out = podTemplates(objects).map((p) => ({
    name: p.labels[NAME] ?? p.obj.metadata.name,
    labels: p.labels,
    ports: new Set(p.containers.flatMap((c) => (c.ports ?? []).map((x) => x.containerPort))),
  }));
  for (const k of objects.filter((o) => o.kind === 'Kafka')) {
    const listeners = k.spec?.kafka?.listeners ?? [];
    for (const pool of objects.filter((o) => o.kind === 'KafkaNodePool' && o.metadata?.labels?.['strimzi.io/cluster'] === k.metadata.name)) {
      const roles = pool.spec?.roles ?? [];
      const labels = {
        'strimzi.io/cluster': k.metadata.name,
        'strimzi.io/kind': 'Kafka',
        'strimzi.io/name': `${k.metadata.name}-kafka`,
        'strimzi.io/pool-name': pool.metadata.name,
        ...(roles.includes('broker') ? { 'strimzi.io/broker-role': 'true' } : {}),
        ...(roles.includes('controller') ? { 'strimzi.io/controller-role': 'true' } : {}),
      };
      out.push({
        name: `kafka-${pool.metadata.name}`,
        labels,
        ports: new Set(roles.includes('broker') ? listeners.map((l) => l.port) : []),
        strimzi: { listeners: roles.includes('broker') ? listeners : [] },
      });
    }
  }
  return out;
}

const portOk = (ports, port) => !ports?.length || ports.some((p) => p.port === port || (p.endPort !== undefined && port >= p.port && port <= p.endPort));
const peerIsPod = (peer, labels) => peer.podSelector !== undefined && peer.namespaceSelector === undefined && peer.ipBlock === undefined && labelSelectorMatches(peer.podSelector, labels);

function allowed(policies, src, dst, port) {
  const eg = policies.filter((p) => (p.spec?.policyTypes ?? ['Ingress']).includes('Egress') && labelSelectorMatches(p.spec?.podSelector, src.labels));
  const egressOk = eg.length === 0 || eg.some((p) => (p.spec?.egress ?? []).some((r) => portOk(r.ports, port) && (r.to === undefined || r.to.some((peer) => peerIsPod(peer, dst.labels)))));
  if (!egressOk) return false;
  if (dst.strimzi) return dst.strimzi.listeners.some((l) => l.port === port && (l.networkPolicyPeers === undefined || l.networkPolicyPeers.some((peer) => peerIsPod(peer, src.labels))));
  const ing = policies.filter((p) => (p.spec?.policyTypes ?? ['Ingress']).includes('Ingress') && labelSelectorMatches(p.spec?.podSelector, dst.labels));
  return ing.length === 0 || ing.some((p) => (p.spec?.ingress ?? []).some((r) => portOk(r.ports, port) && (r.from === undefined || r.from.some((peer) => peerIsPod(peer, src.labels)))));
}

function checkRule(np, dir, rule, i, s) {
  const peers = dir === 'ingress' ? rule.from : rule.to;
  const at = `spec.${dir}[${i}]`;
  if (peers === undefined || peers.length === 0) s(`${at} has no ${dir === 'ingress' ? 'from' : 'to'}: it allows ${dir === 'ingress' ? 'every source' : 'every destination'} (an allow-all rule)`);
  for (const peer of peers ?? []) {
    if (peer.ipBlock && /^(0\.0\.0\.0\/0|::\/0)$/.test(peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).length) s(`${at}: ipBlock ${peer.ipBlock.cidr} with no except is every address`);
    if (peer.namespaceSelector && Object.keys(peer.namespaceSelector).length === 0 && !peer.podSelector) s(`${at}: namespaceSelector {} is every pod of every namespace`);
    if (peer.namespaceSelector && Object.keys(peer.namespaceSelector).length === 0 && peer.podSelector && Object.keys(peer.podSelector).length === 0) s(`${at}: namespaceSelector {} with podSelector {} is every pod of every namespace`);
    if (peer.podSelector && Object.keys(peer.podSelector).length === 0 && !peer.namespaceSelector) s(`${at}: podSelector {} is every pod of the namespace`);
  }
  if (!(rule.ports ?? []).length) s(`${at} has no ports: it allows every port`);
}

/** Checks the NetworkPolicies; `say(obj, msg)` records a problem. */
export function checkNetwork(objects, contract, overlay, say) {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const all = pods(objects);
  const workloads = all.filter((p) => !p.strimzi);
  const anchor = { kind: 'NetworkPolicy', metadata: { name: '(all of the namespace)' } };
  for (const np of policies) {
    const s = (m) => say(np, m);
    (np.spec?.ingress ?? []).forEach((r, i) => checkRule(np, 'ingress', r, i, s));
    (np.spec?.egress ?? []).forEach((r, i) => checkRule(np, 'egress', r, i, s));
  }
  const denies = (type) => policies.filter((p) => (p.spec?.policyTypes ?? []).includes(type) && !(p.spec?.[type.toLowerCase()] ?? []).length);
  const denyIn = denies('Ingress').filter((p) => Object.keys(p.spec?.podSelector ?? {}).length === 0);
  if (!denyIn.length) say(anchor, 'no default-deny ingress NetworkPolicy (podSelector {}, policyTypes [Ingress], no rules): a pod takes connections from any pod of the cluster unless a policy happens to select it');
  const denyOut = denies('Egress');
  for (const w of workloads) {
    if (!denyOut.some((p) => labelSelectorMatches(p.spec?.podSelector, w.labels))) say(anchor, `no default-deny egress NetworkPolicy covers ${w.name}: it may connect anywhere`);
    const dns = policies.some((p) => (p.spec?.policyTypes ?? []).includes('Egress') && labelSelectorMatches(p.spec?.podSelector, w.labels)
      && (p.spec?.egress ?? []).some((r) => portOk(r.ports, 53) && (r.to ?? []).some((peer) => peer.namespaceSelector)));
    if (denyOut.length && !dns) say(anchor, `${w.name} may not reach the cluster DNS (egress to kube-system port 53): it cannot resolve a Service name`);
  }
  const net = contract.network ?? {};
  for (const svc of Object.values(contract.services)) {
    const w = workloads.find((p) => p.name === svc);
    if (!w) continue;
    const edge = policies.some((p) => (p.spec?.policyTypes ?? ['Ingress']).includes('Ingress') && labelSelectorMatches(p.spec?.podSelector, w.labels)
      && (p.spec?.ingress ?? []).some((r) => portOk(r.ports, contract.port) && (r.from ?? []).some((peer) => peer.namespaceSelector)));
    if (!edge) say(anchor, `${svc} takes no traffic from outside the namespace on ${contract.port}: the edge (ingress controller, Gateway) cannot reach it`);
  }
  const want = new Set([...(net.flows?.['*'] ?? []), ...(net.flows?.[overlay] ?? [])]);
  const have = new Set();
  for (const src of all.filter((p) => !p.strimzi)) {
    for (const dst of all) {
      for (const port of dst.ports) if (allowed(policies, src, dst, port)) have.add(`${src.name} -> ${dst.name}:${port}`);
    }
  }
  for (const f of have) if (!want.has(f)) say(anchor, `allows ${f}, a flow the system does not need (contract.json network.flows)`);
  for (const f of want) if (!have.has(f) && all.some((p) => f.startsWith(`${p.name} -> `))) say(anchor, `blocks ${f}, a flow the system needs`);
}
