// What the API server checks beyond the OpenAPI schema (names, selectors, ports, probes, requests <=
// limits), and what must hold between resources for the deployment to work (every reference resolves).
import { quantity } from './quantity.mjs';
import { ref } from './render.mjs';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CLUSTER_SCOPED = new Set(['Namespace']);

export const WORKLOADS = new Set(['Deployment', 'StatefulSet']);

/** True when every matchLabels pair is in labels (matchExpressions are not used here). */
export function selects(selector, labels) {
  const ml = selector?.matchLabels ?? selector ?? {};
  if (selector?.matchExpressions?.length) return false;
  return Object.keys(ml).length > 0 && Object.entries(ml).every(([k, v]) => labels?.[k] === v);
}

/** Kubernetes LabelSelector semantics (matchLabels and matchExpressions; an empty selector selects all). */
export function labelSelectorMatches(selector, labels) {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(l[e.key]))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(l[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function checkLabels(labels, at, say) {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const [prefix, name] = k.includes('/') ? k.split('/', 2) : [null, k];
    if ((prefix !== null && (!DNS_SUBDOMAIN.test(prefix) || prefix.length > 253)) || !LABEL_NAME.test(name) || name.length > 63) {
      say(`${at} key "${k}" is not a valid label key`);
    }
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) say(`${at} "${k}": "${v}" is not a valid label value`);
  }
}

function checkMetadata(obj, namespace, say) {
  const name = obj.metadata?.name ?? '';
  const label = obj.kind === 'Namespace' || obj.kind === 'Service';
  const re = obj.kind === 'Service' ? DNS_1035 : label ? DNS_LABEL : DNS_SUBDOMAIN;
  if (!re.test(name) || name.length > (label ? 63 : 253)) say(`metadata.name "${name}" is not a valid ${obj.kind} name`);
  checkLabels(obj.metadata?.labels, 'metadata.labels', say);
  if (!CLUSTER_SCOPED.has(obj.kind)) {
    if (!obj.metadata?.namespace) say('metadata.namespace is not set (the overlay must set the namespace)');
    else if (namespace && obj.metadata.namespace !== namespace) say(`namespace "${obj.metadata.namespace}" is not the overlay's "${namespace}"`);
  }
}

function checkContainer(c, at, pod, say) {
  if (!DNS_LABEL.test(c.name ?? '')) say(`${at}.name "${c.name}" is not a DNS-1123 label`);
  if (!c.image) say(`${at}.image: required`);
  const portNames = new Set();
  for (const p of c.ports ?? []) {
    if (!(p.containerPort >= 1 && p.containerPort <= 65535)) say(`${at}.ports: containerPort ${p.containerPort} out of range`);
    if (p.name !== undefined) {
      if (p.name.length > 15 || !PORT_NAME.test(p.name) || !/[a-z]/.test(p.name) || p.name.includes('--')) say(`${at}.ports: "${p.name}" is not a valid port name (IANA_SVC_NAME, <= 15 chars)`);
      if (portNames.has(p.name)) say(`${at}.ports: duplicate name "${p.name}"`);
      portNames.add(p.name);
    }
  }
  for (const e of c.env ?? []) {
    if (!ENV_NAME.test(e.name ?? '')) say(`${at}.env: "${e.name}" is not a valid variable name`);
    if (e.value !== undefined && e.valueFrom !== undefined) say(`${at}.env ${e.name}: value and valueFrom are exclusive`);
  }
  for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    const p = c[probe];
    if (!p) continue;
    const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => p[h]);
    if (handlers.length !== 1) say(`${at}.${probe}: exactly one handler required, found ${handlers.length}`);
    const port = p.httpGet?.port ?? p.tcpSocket?.port;
    if (typeof port === 'string' && !portNames.has(port)) say(`${at}.${probe}: port "${port}" is not a named port of the container`);
    if (probe === 'livenessProbe' && p.successThreshold !== undefined && p.successThreshold !== 1) say(`${at}.${probe}.successThreshold must be 1`);
  }
  const pre = c.lifecycle?.preStop;
  if (pre && ['exec', 'httpGet', 'tcpSocket', 'sleep'].filter((h) => pre[h]).length !== 1) say(`${at}.lifecycle.preStop: exactly one handler required`);
  for (const [res, req] of Object.entries(c.resources?.requests ?? {})) {
    const lim = c.resources?.limits?.[res];
    if (Number.isNaN(quantity(req))) say(`${at}.resources.requests.${res}: "${req}" is not a quantity`);
    if (lim !== undefined && quantity(req) > quantity(lim)) say(`${at}.resources.requests.${res}: ${req} must be less than or equal to the limit ${lim}`);
  }
  for (const [res, lim] of Object.entries(c.resources?.limits ?? {})) {
    if (Number.isNaN(quantity(lim))) say(`${at}.resources.limits.${res}: "${lim}" is not a quantity`);
  }
  const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
  const claims = new Set(pod.claimTemplates ?? []);
  const paths = new Set();
  for (const m of c.volumeMounts ?? []) {
    if (!volumes.has(m.name) && !claims.has(m.name)) say(`${at}.volumeMounts: "${m.name}" is not a volume of the pod`);
    if (paths.has(m.mountPath)) say(`${at}.volumeMounts: mountPath ${m.mountPath} used twice`);
    paths.add(m.mountPath);
  }
}

function checkWorkload(obj, say) {
  const spec = obj.spec ?? {};
  const tpl = spec.template ?? {};
  if (!selects(spec.selector, tpl.metadata?.labels)) say('spec.selector does not match template labels');
  checkLabels(tpl.metadata?.labels, 'spec.template.metadata.labels', say);
  const pod = { ...(tpl.spec ?? {}), claimTemplates: (spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name) };
  const names = new Set();
  for (const v of pod.volumes ?? []) {
    if (names.has(v.name)) say(`spec.template.spec.volumes: duplicate name "${v.name}"`);
    names.add(v.name);
  }
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  const cnames = new Set();
  containers.forEach((c, i) => {
    if (cnames.has(c.name)) say(`container name "${c.name}" used twice`);
    cnames.add(c.name);
    checkContainer(c, `spec.template.spec.containers[${i}]`, pod, say);
  });
  const ru = spec.strategy?.rollingUpdate;
  if (ru && (ru.maxSurge === 0 || ru.maxSurge === '0%') && (ru.maxUnavailable === 0 || ru.maxUnavailable === '0%')) {
    say('spec.strategy.rollingUpdate: maxSurge and maxUnavailable may not both be 0');
  }
}

/** Pod templates of every workload: [{obj, labels, containers, replicas}]. */
export function podTemplates(objects) {
  return objects.filter((o) => WORKLOADS.has(o.kind)).map((o) => ({
    obj: o,
    labels: o.spec?.template?.metadata?.labels ?? {},
    containers: o.spec?.template?.spec?.containers ?? [],
    replicas: o.spec?.replicas ?? 1,
  }));
}

function find(objects, kind, name) {
  return objects.find((o) => o.kind === kind && o.metadata?.name === name);
}

/** Keys a ConfigMap or Secret provides: data keys, or for a Secret an operator writes (lib/made.mjs) its annotation. */
export function providedKeys(obj) {
  if (!obj) return null;
  const keys = new Set([...Object.keys(obj.data ?? {}), ...Object.keys(obj.stringData ?? {}), ...Object.keys(obj.binaryData ?? {})]);
  const declared = obj.metadata?.annotations?.['switchboard.io/required-keys'];
  if (obj.kind === 'Secret' && declared) declared.split(',').map((s) => s.trim()).filter(Boolean).forEach((k) => keys.add(k));
  return keys;
}

function checkReferences(obj, objects, say) {
  const pod = obj.spec?.template?.spec ?? {};
  const needKey = (kind, name, key, optional, where) => {
    const target = find(objects, kind, name);
    if (!target) {
      if (!optional) say(`${where}: ${kind} "${name}" is not part of the deployment`);
      return;
    }
    if (key !== undefined && !optional && !providedKeys(target).has(key)) say(`${where}: ${kind} "${name}" has no key "${key}"`);
  };
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const e of c.envFrom ?? []) {
      if (e.configMapRef) needKey('ConfigMap', e.configMapRef.name, undefined, e.configMapRef.optional, `container ${c.name} envFrom`);
      if (e.secretRef) needKey('Secret', e.secretRef.name, undefined, e.secretRef.optional, `container ${c.name} envFrom`);
    }
    for (const e of c.env ?? []) {
      const cm = e.valueFrom?.configMapKeyRef;
      const sk = e.valueFrom?.secretKeyRef;
      if (cm) needKey('ConfigMap', cm.name, cm.key, cm.optional, `container ${c.name} env ${e.name}`);
      if (sk) needKey('Secret', sk.name, sk.key, sk.optional, `container ${c.name} env ${e.name}`);
    }
  }
  for (const v of pod.volumes ?? []) {
    const src = v.configMap ? ['ConfigMap', v.configMap.name, v.configMap] : v.secret ? ['Secret', v.secret.secretName, v.secret] : null;
    if (!src) continue;
    needKey(src[0], src[1], undefined, src[2].optional, `volume ${v.name}`);
    for (const item of src[2].items ?? []) needKey(src[0], src[1], item.key, src[2].optional, `volume ${v.name}`);
  }
}

function checkService(svc, objects, say) {
  const pods = podTemplates(objects).filter((p) => selects(svc.spec?.selector, p.labels));
  if (svc.spec?.selector && pods.length === 0) say('spec.selector matches no workload in the deployment');
  const ports = svc.spec?.ports ?? [];
  if (ports.length > 1 && ports.some((p) => !p.name)) say('spec.ports: every port needs a name when there are several');
  for (const p of ports) {
    const target = p.targetPort ?? p.port;
    for (const pod of pods) {
      const all = pod.containers.flatMap((c) => c.ports ?? []);
      const ok = typeof target === 'string' ? all.some((cp) => cp.name === target) : all.some((cp) => cp.containerPort === target);
      if (!ok) say(`port ${p.name ?? p.port}: targetPort ${target} is not a port of ${ref(pod.obj)}`);
    }
  }
  if (svc.spec?.clusterIP === 'None' && svc.spec?.type && svc.spec.type !== 'ClusterIP') say('a headless Service must be of type ClusterIP');
}

function checkIngress(ing, objects, say) {
  for (const rule of ing.spec?.rules ?? []) {
    if (rule.host !== undefined && !DNS_SUBDOMAIN.test(rule.host.replace(/^\*\./, ''))) say(`host "${rule.host}" is not a valid DNS name`);
    for (const p of rule.http?.paths ?? []) {
      if (!String(p.path ?? '').startsWith('/')) say(`path "${p.path}" must start with /`);
      if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(p.pathType)) say(`path ${p.path}: pathType "${p.pathType}" must be Exact, Prefix or ImplementationSpecific`);
      const be = p.backend?.service;
      if (!be) continue;
      const svc = find(objects, 'Service', be.name);
      if (!svc) {
        say(`path ${p.path}: Service "${be.name}" is not part of the deployment`);
        continue;
      }
      const ok = (svc.spec?.ports ?? []).some((sp) => (be.port?.name !== undefined ? sp.name === be.port.name : sp.port === be.port?.number));
      if (!ok) say(`path ${p.path}: Service "${be.name}" has no port ${be.port?.name ?? be.port?.number}`);
    }
  }
}

function checkDisruptionBudget(pdb, objects, say) {
  const targets = podTemplates(objects).filter((p) => selects(pdb.spec?.selector, p.labels));
  if (targets.length === 0) say('spec.selector matches no workload');
  const min = pdb.spec?.minAvailable;
  for (const t of targets) {
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.name === t.obj.metadata.name);
    const fewest = hpa?.spec?.minReplicas ?? t.replicas;
    if (typeof min === 'number' && min >= fewest) say(`minAvailable ${min} >= the ${fewest} replica(s) of ${ref(t.obj)}: a node drain could never evict them`);
    if (pdb.spec?.maxUnavailable === 0) say('maxUnavailable 0 blocks every node drain');
  }
}

function checkAutoscaler(hpa, objects, say) {
  const t = hpa.spec?.scaleTargetRef ?? {};
  const target = find(objects, t.kind, t.name);
  if (!target) {
    say(`scaleTargetRef ${t.kind}/${t.name} is not part of the deployment`);
    return;
  }
  if ((hpa.spec?.minReplicas ?? 1) > hpa.spec?.maxReplicas) say('minReplicas > maxReplicas');
  if (target.spec?.replicas !== undefined) say(`${t.kind}/${t.name} sets spec.replicas: every kubectl apply would reset the count this autoscaler chose`);
  for (const m of hpa.spec?.metrics ?? []) {
    const res = m.resource?.name;
    if (m.type === 'Resource' && m.resource?.target?.type === 'Utilization') {
      for (const c of target.spec?.template?.spec?.containers ?? []) {
        if (!c.resources?.requests?.[res]) say(`Utilization of ${res} needs a ${res} request on container ${c.name}`);
      }
    }
  }
}

/**
 * API-server rules and references; `say(obj, message)` records a problem. `made`: the Secrets operators
 * write in the cluster (lib/made.mjs), which references may name.
 */
export function checkRules(objects, say, made = []) {
  const world = [...objects, ...made];
  const namespace = objects.find((o) => o.kind === 'Namespace')?.metadata?.name;
  const seen = new Set();
  for (const obj of objects) {
    const s = (msg) => say(obj, msg);
    const id = `${obj.apiVersion}/${obj.kind}/${obj.metadata?.namespace}/${obj.metadata?.name}`;
    if (seen.has(id)) s('defined twice');
    seen.add(id);
    checkMetadata(obj, namespace, s);
    if (WORKLOADS.has(obj.kind)) {
      checkWorkload(obj, s);
      checkReferences(obj, world, s);
    }
    if (obj.kind === 'StatefulSet') {
      const svc = find(objects, 'Service', obj.spec?.serviceName);
      if (!svc || svc.spec?.clusterIP !== 'None') s(`spec.serviceName "${obj.spec?.serviceName}" is not a headless Service of the deployment`);
    }
    if (obj.kind === 'Service') checkService(obj, objects, s);
    if (obj.kind === 'Ingress') checkIngress(obj, objects, s);
    if (obj.kind === 'PodDisruptionBudget') checkDisruptionBudget(obj, objects, s);
    if (obj.kind === 'HorizontalPodAutoscaler') checkAutoscaler(obj, objects, s);
    if (obj.kind === 'NetworkPolicy' && !podTemplates(objects).some((p) => labelSelectorMatches(obj.spec?.podSelector, p.labels))) s('spec.podSelector matches no workload');
    const clash = obj.kind === 'Secret' && made.find((m) => m.metadata.name === obj.metadata?.name);
    if (clash) s(`the Secret of this name is written by ${clash.madeBy}: the manifest and the operator would overwrite each other`);
    if (obj.kind === 'Secret' && (Object.keys(obj.data ?? {}).length || Object.keys(obj.stringData ?? {}).length)) {
      s('holds data: secrets are never committed; they come from the secret store through an ExternalSecret, or are created by hand (deploy/README.md "Secrets")');
    }
    if (obj.kind === 'ExternalSecret' && (obj.spec?.target?.creationPolicy ?? 'Owner') !== 'Owner') {
      s(`spec.target.creationPolicy ${obj.spec.target.creationPolicy}: only Owner makes the Secret from the store alone (Merge and None need a Secret made some other way; Orphan leaves a stale one behind)`);
    }
  }
}
