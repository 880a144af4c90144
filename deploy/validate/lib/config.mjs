// Every service's required configuration is set in the rendered overlay: the contract's variables,
// the keys a service's application.properties sets only for %dev/%test (so prod needs them from the
// environment), the key files the variables point at, and a shutdown budget that fits the grace period.
import fs from 'node:fs';
import path from 'node:path';
import { providedKeys } from './rules.mjs';
import { seconds } from './quantity.mjs';

/** Environment of a container: name -> {value, from}. Later sources win, as in the kubelet. */
export function effectiveEnv(container, objects) {
  const env = new Map();
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  for (const e of container.envFrom ?? []) {
    const src = e.configMapRef ? find('ConfigMap', e.configMapRef.name) : e.secretRef ? find('Secret', e.secretRef.name) : null;
    if (!src) continue;
    for (const k of providedKeys(src)) {
      const value = src.kind === 'ConfigMap' ? src.data?.[k] : '(secret)';
      env.set((e.prefix ?? '') + k, { value, from: `${src.kind} ${src.metadata.name}` });
    }
  }
  for (const e of container.env ?? []) {
    env.set(e.name, { value: e.value ?? (e.valueFrom ? '(from ' + Object.keys(e.valueFrom)[0] + ')' : undefined), from: 'env' });
  }
  return env;
}

/** The environment form of a config key (MicroProfile Config): qr.third-party.url -> QR_THIRD_PARTY_URL. */
export function envName(key) {
  return key.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Keys set only under %dev or %test in a service's application.properties (no prod value). */
export function devOnlyKeys(file) {
  if (!fs.existsSync(file)) return [];
  const prod = new Set();
  const devTest = new Set();
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const key = line.split(/[=:]/, 1)[0].trim();
    const m = /^%([^.]+)\.(.+)$/.exec(key);
    if (!m) prod.add(key);
    else if (m[1] === 'prod') prod.add(m[2]);
    else if (m[1] === 'dev' || m[1] === 'test') devTest.add(m[2]);
  }
  return [...devTest].filter((k) => !prod.has(k));
}

function sleepSeconds(container) {
  const pre = container.lifecycle?.preStop;
  if (pre?.sleep) return pre.sleep.seconds;
  const cmd = pre?.exec?.command ?? [];
  const i = cmd.indexOf('sleep');
  return i >= 0 ? Number(cmd[i + 1]) : 0;
}

/** Checks the four services' Deployments; `say(obj, msg)` records a problem. */
export function checkConfig(objects, contract, root, say) {
  for (const service of Object.values(contract.services)) {
    const dep = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === service);
    if (!dep) {
      say({ kind: 'Deployment', metadata: { name: service } }, 'missing: every service of the contract needs its Deployment');
      continue;
    }
    const s = (msg) => say(dep, msg);
    const pod = dep.spec?.template?.spec ?? {};
    const c = (pod.containers ?? []).find((x) => x.name === service) ?? pod.containers?.[0];
    if (!c) continue;
    const env = effectiveEnv(c, objects);
    const props = path.join(root, service, 'src', 'main', 'resources', 'application.properties');
    const derived = devOnlyKeys(props).filter((k) => !(k in (contract.derivedExempt ?? {})));
    const required = new Map();
    for (const n of [...contract.requiredEnv['*'], ...(contract.requiredEnv[service] ?? [])]) required.set(n, 'contract');
    for (const k of derived) if (!required.has(envName(k))) required.set(envName(k), `${k} has no prod value in ${service}'s application.properties`);
    for (const [name, why] of required) {
      const v = env.get(name);
      if (!v) s(`${name} is not set (${why})`);
      else if (v.value === '' || v.value === undefined) s(`${name} is empty (${v.from})`);
    }
    const port = env.get('QUARKUS_HTTP_PORT')?.value;
    const http = (c.ports ?? []).find((p) => p.name === 'http');
    if (port !== undefined && String(contract.port) !== String(port)) s(`QUARKUS_HTTP_PORT is ${port}; every service listens on ${contract.port} in the cluster`);
    if (!http || http.containerPort !== contract.port) s(`container port "http" must be ${contract.port}`);
    for (const name of contract.fileEnv) {
      const file = env.get(name)?.value;
      if (!file || file.startsWith('(')) continue;
      const mount = (c.volumeMounts ?? []).find((m) => file.startsWith(m.mountPath.replace(/\/$/, '') + '/'));
      if (!mount) {
        s(`${name}=${file} is not inside any volume mount`);
        continue;
      }
      const vol = (pod.volumes ?? []).find((v) => v.name === mount.name);
      const rel = file.slice(mount.mountPath.replace(/\/$/, '').length + 1);
      const src = vol?.secret ? ['Secret', vol.secret.secretName, vol.secret] : vol?.configMap ? ['ConfigMap', vol.configMap.name, vol.configMap] : null;
      if (!src) {
        s(`${name}=${file}: volume ${mount.name} is not a Secret or ConfigMap`);
        continue;
      }
      const target = objects.find((o) => o.kind === src[0] && o.metadata?.name === src[1]);
      const files = src[2].items ? new Set(src[2].items.map((i) => i.path)) : providedKeys(target) ?? new Set();
      if (!files.has(rel)) s(`${name}=${file}: ${src[0]} ${src[1]} does not provide "${rel}"`);
    }
    const timeout = seconds(env.get('QUARKUS_SHUTDOWN_TIMEOUT')?.value ?? 'x');
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    const delay = seconds(env.get('QUARKUS_SHUTDOWN_DELAY')?.value ?? '0');
    const needed = sleepSeconds(c) + (Number.isNaN(delay) ? 0 : delay) + (Number.isNaN(timeout) ? 0 : timeout) + 10;
    if (!Number.isNaN(timeout) && grace < needed) {
      s(`terminationGracePeriodSeconds ${grace} < preStop sleep + QUARKUS_SHUTDOWN_DELAY + QUARKUS_SHUTDOWN_TIMEOUT + 10 s of socket closing (${needed}): the kubelet would kill the drain`);
    }
    if (!c.readinessProbe?.httpGet || c.readinessProbe.httpGet.path !== '/q/health/ready') s('readinessProbe must be GET /q/health/ready');
    if (!c.livenessProbe?.httpGet || c.livenessProbe.httpGet.path !== '/q/health/live') s('livenessProbe must be GET /q/health/live');
    for (const kind of ['requests', 'limits']) {
      if (!c.resources?.[kind]?.cpu && kind === 'requests') s('resources.requests.cpu is not set');
      if (!c.resources?.[kind]?.memory) s(`resources.${kind}.memory is not set`);
    }
  }
}
