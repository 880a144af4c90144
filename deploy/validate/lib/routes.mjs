// Every path of the contract reaches the right service through the Ingress: Kubernetes' own matching
// (Exact first, then the longest Prefix, by whole path elements), then Service -> port -> container port.
import fs from 'node:fs';
import YAML from 'yaml';
import { podTemplates, selects } from './rules.mjs';

function matches(p, path) {
  const type = p.pathType ?? 'ImplementationSpecific';
  if (type === 'Exact') return path === p.path;
  if (type === 'Prefix') {
    const prefix = p.path.replace(/\/+$/, '');
    return prefix === '' || path === prefix || path.startsWith(prefix + '/');
  }
  return path.startsWith(p.path); // ingress-nginx treats ImplementationSpecific as a plain prefix
}

/** The Ingress path that serves `path`, or undefined. */
export function route(ingresses, path) {
  const all = ingresses.flatMap((ing) => (ing.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => ({ ...p, ing }))));
  const hits = all.filter((p) => matches(p, path));
  const exact = hits.find((p) => p.pathType === 'Exact');
  if (exact) return exact;
  return hits.sort((a, b) => b.path.length - a.path.length)[0];
}

/** Checks routing; returns how many contract paths were routed correctly. */
export function checkRoutes(objects, contract, say) {
  const ingresses = objects.filter((o) => o.kind === 'Ingress');
  const anchor = ingresses[0] ?? { kind: 'Ingress', metadata: { name: '?' } };
  if (ingresses.length !== 1) say(anchor, `${ingresses.length} Ingresses: the contract routes every path on one Ingress and host`);
  const hosts = new Set(ingresses.flatMap((i) => (i.spec?.rules ?? []).map((r) => r.host ?? '*')));
  if (hosts.size !== 1) say(anchor, `hosts ${[...hosts].join(', ')}: the contract serves every path on one host`);
  let routed = 0;
  for (const r of contract.routes) {
    for (const sample of r.samples) {
      const hit = route(ingresses, sample);
      if (!hit) {
        say(anchor, `contract path ${sample} (${r.prefix} -> ${r.service}) is not routed`);
        continue;
      }
      const svcName = hit.backend?.service?.name;
      if (svcName !== r.service) {
        say(hit.ing, `contract path ${sample} is routed to ${svcName}, not ${r.service}`);
        continue;
      }
      const svc = objects.find((o) => o.kind === 'Service' && o.metadata?.name === svcName);
      const sp = (svc?.spec?.ports ?? []).find((p) => (hit.backend.service.port?.name !== undefined ? p.name === hit.backend.service.port.name : p.port === hit.backend.service.port?.number));
      const pods = podTemplates(objects).filter((p) => selects(svc?.spec?.selector, p.labels));
      const right = pods.length === 1 && pods[0].obj.kind === 'Deployment' && pods[0].obj.metadata.name === r.service;
      if (!sp || !right) {
        say(hit.ing, `contract path ${sample}: Service ${svcName} does not lead to Deployment ${r.service} alone`);
        continue;
      }
      const target = sp.targetPort ?? sp.port;
      const cport = pods[0].containers.flatMap((c) => c.ports ?? []).find((p) => (typeof target === 'string' ? p.name === target : p.containerPort === target));
      if (!cport || cport.containerPort !== contract.port) {
        say(hit.ing, `contract path ${sample}: reaches port ${JSON.stringify(cport?.containerPort ?? target)}, the service listens on ${contract.port}`);
        continue;
      }
      routed++;
    }
  }
  for (const p of contract.notRouted ?? []) {
    const hit = route(ingresses, p);
    if (hit) say(hit.ing, `${p} is routed (to ${hit.backend?.service?.name}): only the contract's paths are public`);
  }
  return routed;
}

/**
 * Compares contract.json with the repository's contract: its routes with the "routed by path:" sentence of
 * docs/contract.md ("Conventions"), its topics with the Kafka channels of contract/asyncapi.yaml. Both files are
 * part of the repository, so a missing one is a problem.
 */
export function compareWithContract(contractMd, asyncApi, contract) {
  const problems = [];
  if (!fs.existsSync(contractMd)) {
    problems.push(`${contractMd} not found`);
  } else {
    const text = fs.readFileSync(contractMd, 'utf8').replace(/\s+/g, ' ');
    const m = /routed by path:(.*?)\.\s/.exec(text);
    if (!m) {
      problems.push(`${contractMd}: no "routed by path:" sentence found`);
    } else {
      const fromDoc = new Map();
      for (const part of m[1].split(';')) {
        const target = /->\s*([a-z]+)/.exec(part)?.[1];
        const service = contract.services[target];
        for (const pm of part.matchAll(/`([^`]+)`/g)) fromDoc.set(pm[1], service ?? `?${target}`);
      }
      const fromJson = new Map(contract.routes.map((r) => [r.prefix, r.service]));
      for (const [p, s] of fromDoc) if (fromJson.get(p) !== s) problems.push(`docs/contract.md routes ${p} to ${s}; contract.json says ${fromJson.get(p) ?? 'nothing'}`);
      for (const [p] of fromJson) if (!fromDoc.has(p)) problems.push(`contract.json routes ${p}, which docs/contract.md does not name`);
    }
  }
  if (!fs.existsSync(asyncApi)) {
    problems.push(`${asyncApi} not found`);
  } else {
    const doc = YAML.parse(fs.readFileSync(asyncApi, 'utf8'));
    const kafka = new Set(Object.values(doc?.channels ?? {})
      .filter((c) => (c.servers ?? []).some((s) => s.$ref === '#/servers/kafka')).map((c) => c.address));
    const names = new Set(contract.topics?.names ?? []);
    for (const t of kafka) if (!names.has(t)) problems.push(`contract/asyncapi.yaml has topic ${t}; contract.json topics do not`);
    for (const t of names) if (!kafka.has(t)) problems.push(`contract.json has topic ${t}, which contract/asyncapi.yaml does not describe`);
  }
  return { problems };
}
