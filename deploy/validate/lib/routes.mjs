// Every path of the contract reaches the right service through each edge: the Ingresses (Kubernetes' own
// matching: Exact first, then the longest Prefix, by whole path elements) and, where present, the Gateway
// API HTTPRoutes (Exact, then the longest PathPrefix); then Service -> port -> container port. WebSocket
// and REST paths are served with their own timeouts (contract.json "timeouts"), never one for both.
import fs from 'node:fs';
import YAML from 'yaml';
import { podTemplates, selects } from './rules.mjs';

function prefixMatches(prefix, path) {
  const p = prefix.replace(/\/+$/, '');
  return p === '' || path === p || path.startsWith(p + '/');
}

function matches(p, path) {
  const type = p.pathType ?? 'ImplementationSpecific';
  if (type === 'Exact') return path === p.path;
  if (type === 'Prefix') return prefixMatches(p.path, path);
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

/** The HTTPRoute rule that serves `path`: {route, rule, match} or undefined. */
export function httpRoute(routes, path) {
  const hits = [];
  for (const r of routes) {
    for (const rule of r.spec?.rules ?? []) {
      for (const m of rule.matches ?? [{ path: { type: 'PathPrefix', value: '/' } }]) {
        const type = m.path?.type ?? 'PathPrefix';
        const value = m.path?.value ?? '/';
        if ((type === 'Exact' && path === value) || (type === 'PathPrefix' && prefixMatches(value, path))) hits.push({ route: r, rule, type, value });
      }
    }
  }
  const exact = hits.find((h) => h.type === 'Exact');
  return exact ?? hits.sort((a, b) => b.value.length - a.value.length)[0];
}

/** Seconds of a Gateway API duration ("75s", "1h", "1m30s", "500ms"); NaN when not one. */
export function duration(d) {
  if (typeof d !== 'string' || !/^([0-9]{1,5}(h|m|s|ms))+$/.test(d)) return NaN;
  let total = 0;
  for (const [, n, u] of d.matchAll(/([0-9]+)(h|ms|m|s)/g)) total += Number(n) * { h: 3600, m: 60, s: 1, ms: 0.001 }[u];
  return total;
}

/** Checks that `serviceName`/`port` (a number or a port name) leads to Deployment `want` on the contract port. */
function leadsTo(objects, contract, serviceName, port, want) {
  const svc = objects.find((o) => o.kind === 'Service' && o.metadata?.name === serviceName);
  const sp = (svc?.spec?.ports ?? []).find((p) => (typeof port === 'string' ? p.name === port : p.port === port));
  const pods = podTemplates(objects).filter((p) => selects(svc?.spec?.selector, p.labels));
  if (!sp || !(pods.length === 1 && pods[0].obj.kind === 'Deployment' && pods[0].obj.metadata.name === want)) return `Service ${serviceName} does not lead to Deployment ${want} alone`;
  const target = sp.targetPort ?? sp.port;
  const cport = pods[0].containers.flatMap((c) => c.ports ?? []).find((p) => (typeof target === 'string' ? p.name === target : p.containerPort === target));
  if (!cport || cport.containerPort !== contract.port) return `reaches port ${JSON.stringify(cport?.containerPort ?? target)}, the service listens on ${contract.port}`;
  return null;
}

const NGINX_DEFAULT = 60;

function ingressTimeouts(ing) {
  const a = ing.metadata?.annotations ?? {};
  const read = Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'] ?? NGINX_DEFAULT);
  const send = Number(a['nginx.ingress.kubernetes.io/proxy-send-timeout'] ?? NGINX_DEFAULT);
  return { read, send, text: `proxy-read-timeout ${read} s, proxy-send-timeout ${send} s${a['nginx.ingress.kubernetes.io/proxy-read-timeout'] === undefined ? ' (nginx defaults)' : ''}` };
}

/** Checks routing; returns how many contract paths were routed correctly (through every edge). */
export function checkRoutes(objects, contract, say, overlay) {
  const ingresses = objects.filter((o) => o.kind === 'Ingress');
  const routes = objects.filter((o) => o.kind === 'HTTPRoute');
  const gateways = objects.filter((o) => o.kind === 'Gateway');
  const anchor = ingresses[0] ?? { kind: 'Ingress', metadata: { name: '?' } };
  const t = contract.timeouts ?? {};
  if (ingresses.length === 0 && routes.length === 0) say(anchor, 'no Ingress and no HTTPRoute: nothing is public');
  const hosts = new Set([
    ...ingresses.flatMap((i) => (i.spec?.rules ?? []).map((r) => r.host ?? '*')),
    ...routes.flatMap((r) => r.spec?.hostnames ?? ['*']),
  ]);
  if (hosts.size > 1) say(anchor, `hosts ${[...hosts].join(', ')}: the contract serves every path on one host`);
  for (const r of routes) {
    for (const p of r.spec?.parentRefs ?? []) {
      const gw = gateways.find((g) => g.metadata?.name === p.name);
      if (!gw) say(r, `parentRef ${p.name} is no Gateway of the deployment`);
      else if (p.sectionName && !(gw.spec?.listeners ?? []).some((l) => l.name === p.sectionName)) say(r, `parentRef ${p.name}: the Gateway has no listener ${p.sectionName}`);
    }
  }
  if (contract.tls?.[overlay]) {
    for (const ing of ingresses) {
      const covered = new Set((ing.spec?.tls ?? []).flatMap((x) => x.hosts ?? []));
      for (const r of ing.spec?.rules ?? []) if (!covered.has(r.host)) say(ing, `${overlay}: host ${r.host ?? '*'} has no TLS (spec.tls): tokens and sockets would cross the internet in clear`);
      if (ing.metadata?.annotations?.['nginx.ingress.kubernetes.io/ssl-redirect'] !== 'true') say(ing, `${overlay}: nginx.ingress.kubernetes.io/ssl-redirect is not "true": plain HTTP is served`);
    }
    for (const r of routes) {
      for (const p of r.spec?.parentRefs ?? []) {
        const gw = gateways.find((g) => g.metadata?.name === p.name);
        for (const l of (gw?.spec?.listeners ?? []).filter((x) => !p.sectionName || x.name === p.sectionName)) {
          if (l.protocol !== 'HTTPS' || !(l.tls?.certificateRefs ?? []).length) say(gw, `${overlay}: listener ${l.name} (${l.protocol}) that HTTPRoute ${r.metadata.name} attaches to is not HTTPS with a certificate`);
        }
      }
    }
  }
  let routed = 0;
  const kindsByIngress = new Map();
  const kindsByRule = new Map();
  for (const r of contract.routes) {
    const ws = r.kind === 'websocket';
    const need = (r.waitSeconds ?? 0) + (t.marginSeconds ?? 0);
    for (const sample of r.samples) {
      let ok = true;
      if (ingresses.length) {
        const hit = route(ingresses, sample);
        if (!hit) {
          say(anchor, `contract path ${sample} (${r.prefix} -> ${r.service}) is not routed`);
          ok = false;
        } else if (hit.backend?.service?.name !== r.service) {
          say(hit.ing, `contract path ${sample} is routed to ${hit.backend?.service?.name}, not ${r.service}`);
          ok = false;
        } else {
          const bad = leadsTo(objects, contract, hit.backend.service.name, hit.backend.service.port?.name ?? hit.backend.service.port?.number, r.service);
          if (bad) {
            say(hit.ing, `contract path ${sample}: ${bad}`);
            ok = false;
          }
          const to = ingressTimeouts(hit.ing);
          if (ws && Math.min(to.read, to.send) < t.websocketMinSeconds) say(hit.ing, `WebSocket path ${sample}: ${to.text}; an idle socket needs at least ${t.websocketMinSeconds} s`);
          if (!ws && to.read < need) say(hit.ing, `REST path ${sample}: proxy-read-timeout ${to.read} s is shorter than its longest wait (${r.waitSeconds ?? 0} s + ${t.marginSeconds} s)`);
          if (!ws && Math.max(to.read, to.send) > t.restMaxSeconds) say(hit.ing, `REST path ${sample}: ${to.text}; a REST call gets at most ${t.restMaxSeconds} s (WebSocket timeouts on a REST path)`);
          const k = kindsByIngress.get(hit.ing) ?? new Map();
          if (!k.has(r.kind)) k.set(r.kind, sample);
          kindsByIngress.set(hit.ing, k);
        }
      }
      if (routes.length) {
        const hit = httpRoute(routes, sample);
        const be = hit?.rule.backendRefs ?? [];
        if (!hit) {
          say(routes[0], `contract path ${sample} (${r.prefix} -> ${r.service}) is not routed by any HTTPRoute`);
          ok = false;
        } else if (be.length !== 1 || be[0].name !== r.service || (be[0].kind ?? 'Service') !== 'Service') {
          say(hit.route, `contract path ${sample} is routed to ${be.map((b) => b.name).join(', ') || 'nothing'}, not ${r.service}`);
          ok = false;
        } else {
          const bad = leadsTo(objects, contract, be[0].name, be[0].port, r.service);
          if (bad) {
            say(hit.route, `contract path ${sample}: ${bad}`);
            ok = false;
          }
          const req = hit.rule.timeouts?.request;
          const secs = duration(req);
          if (ws && req === undefined) say(hit.route, `WebSocket path ${sample}: no timeouts.request, so the implementation's default (Envoy: 15 s) cuts the socket; set 0s (no limit) or at least ${t.websocketMinSeconds}s`);
          else if (ws && secs !== 0 && secs < t.websocketMinSeconds) say(hit.route, `WebSocket path ${sample}: timeouts.request ${req} cuts the socket; set 0s (no limit) or at least ${t.websocketMinSeconds}s`);
          if (!ws && (req === undefined || secs === 0)) say(hit.route, `REST path ${sample}: timeouts.request ${req ?? 'unset'}; set one that covers its longest wait (${r.waitSeconds ?? 0} s + ${t.marginSeconds} s)`);
          else if (!ws && secs < need) say(hit.route, `REST path ${sample}: timeouts.request ${req} is shorter than its longest wait (${r.waitSeconds ?? 0} s + ${t.marginSeconds} s)`);
          else if (!ws && secs > t.restMaxSeconds) say(hit.route, `REST path ${sample}: timeouts.request ${req}; a REST call gets at most ${t.restMaxSeconds} s (WebSocket timeouts on a REST path)`);
          const k = kindsByRule.get(hit.rule) ?? { route: hit.route, kinds: new Map() };
          if (!k.kinds.has(r.kind)) k.kinds.set(r.kind, sample);
          kindsByRule.set(hit.rule, k);
        }
      }
      if (ok) routed++;
    }
  }
  for (const [ing, kinds] of kindsByIngress) {
    if (kinds.size > 1) say(ing, `serves WebSocket path ${kinds.get('websocket')} and REST path ${kinds.get('rest')} with one set of timeouts: put them on separate Ingresses`);
  }
  for (const { route: r, kinds } of kindsByRule.values()) {
    if (kinds.size > 1) say(r, `one rule serves WebSocket path ${kinds.get('websocket')} and REST path ${kinds.get('rest')} with one set of timeouts: separate rules (or HTTPRoutes)`);
  }
  for (const p of contract.notRouted ?? []) {
    const hit = route(ingresses, p);
    if (hit) say(hit.ing, `${p} is routed (to ${hit.backend?.service?.name}): only the contract's paths are public`);
    const h2 = httpRoute(routes, p);
    if (h2) say(h2.route, `${p} is routed (to ${(h2.rule.backendRefs ?? []).map((b) => b.name).join(', ')}): only the contract's paths are public`);
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
