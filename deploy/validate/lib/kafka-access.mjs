// Kafka is locked down: every listener authenticates its clients and is reachable only from the pods its
// networkPolicyPeers name, the cluster authorizes (simple ACLs), each service connects as its own
// KafkaUser with the security settings its listener needs, and each user's ACLs are exactly the topics
// and consumer groups of its service's channels (mp.messaging.* in application.properties).
import fs from 'node:fs';
import path from 'node:path';
import { effectiveEnv } from './config.mjs';
import { selects } from './rules.mjs';

/** What a service's channels need: {read: Set(topic), write: Set(topic), groups: Set(group)}. */
export function channelAccess(file) {
  const props = new Map();
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const i = line.search(/[=:]/);
    let key = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (key.startsWith('%')) {
      if (!key.startsWith('%prod.')) continue;
      key = key.slice('%prod.'.length);
    }
    props.set(key, value);
  }
  const access = { read: new Set(), write: new Set(), groups: new Set() };
  const app = props.get('quarkus.application.name');
  for (const [key, value] of props) {
    const m = /^mp\.messaging\.(incoming|outgoing)\.([^.]+)\.(topic|group\.id|dead-letter-queue\.topic)$/.exec(key);
    if (!m) continue;
    const [, dir, channel, what] = m;
    if (what === 'topic') (dir === 'incoming' ? access.read : access.write).add(value);
    if (what === 'dead-letter-queue.topic') access.write.add(value);
    if (what === 'topic' && dir === 'incoming') access.groups.add(props.get(`mp.messaging.incoming.${channel}.group.id`) ?? app);
  }
  return access;
}

/** The operations a user needs, as "type:name" -> Set(operation). */
function needed(access) {
  const out = new Map();
  const add = (k, ops) => out.set(k, new Set([...(out.get(k) ?? []), ...ops]));
  for (const t of access.read) add(`topic:${t}`, ['Read', 'Describe']);
  for (const t of access.write) add(`topic:${t}`, ['Write', 'Describe']);
  for (const g of access.groups) add(`group:${g}`, ['Read']);
  return out;
}

const PROTOCOL = { 'true/scram-sha-512': 'SASL_SSL', 'false/scram-sha-512': 'SASL_PLAINTEXT', 'true/tls': 'SSL' };

/** Checks Kafka's security and the services' access; `say(obj, msg)` records a problem. */
export function checkKafkaAccess(objects, contract, root, say) {
  const kafkas = objects.filter((o) => o.kind === 'Kafka');
  for (const k of kafkas) {
    const s = (m) => say(k, m);
    const authz = k.spec?.kafka?.authorization?.type;
    if (authz !== 'simple' && authz !== 'custom') s('spec.kafka.authorization is not set: every authenticated client could read and write every topic (set type: simple)');
    for (const l of k.spec?.kafka?.listeners ?? []) {
      if (!l.authentication?.type) s(`listener ${l.name} (${l.port}) has no authentication: any pod that reaches it reads and writes every topic, device.commands included`);
      if (!(l.networkPolicyPeers ?? []).length) s(`listener ${l.name} (${l.port}) has no networkPolicyPeers: Strimzi's NetworkPolicy then lets every pod of the cluster reach it`);
    }
  }
  const users = objects.filter((o) => o.kind === 'KafkaUser');
  for (const service of Object.values(contract.services)) {
    const dep = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === service);
    const c = dep?.spec?.template?.spec?.containers?.[0];
    if (!c) continue;
    const s = (m) => say(dep, m);
    const env = effectiveEnv(c, objects);
    const [host, port] = String(env.get('KAFKA_BOOTSTRAP_SERVERS')?.value ?? '').split(',')[0].trim().split(':');
    const kafka = kafkas.find((k) => host?.split('.')[0] === `${k.metadata.name}-kafka-bootstrap`);
    const listener = (kafka?.spec?.kafka?.listeners ?? []).find((l) => String(l.port) === port);
    if (!listener) continue; // stack.mjs reports the address
    const labels = dep.spec?.template?.metadata?.labels ?? {};
    const peers = listener.networkPolicyPeers ?? [];
    if (peers.length && !peers.some((p) => p.podSelector && !p.namespaceSelector && selects(p.podSelector, labels))) {
      s(`the networkPolicyPeers of listener ${listener.name} do not select this service's pods: Strimzi's NetworkPolicy would drop its connections`);
    }
    const auth = listener.authentication?.type;
    const want = PROTOCOL[`${listener.tls === true}/${auth}`];
    const protocol = env.get('KAFKA_SECURITY_PROTOCOL')?.value;
    if (want && protocol !== want) s(`KAFKA_SECURITY_PROTOCOL is ${protocol ?? 'not set'}; listener ${listener.name} (tls: ${listener.tls}, ${auth}) needs ${want}`);
    if (listener.tls === true && env.get('KAFKA_SSL_TRUSTSTORE_LOCATION') === undefined) s(`KAFKA_SSL_TRUSTSTORE_LOCATION is not set: the client cannot trust listener ${listener.name}'s certificate (Strimzi's cluster CA)`);
    if (auth !== 'scram-sha-512') continue;
    if (env.get('KAFKA_SASL_MECHANISM')?.value !== 'SCRAM-SHA-512') s('KAFKA_SASL_MECHANISM must be SCRAM-SHA-512 (the listener authenticates with SCRAM-SHA-512)');
    const jaas = (c.env ?? []).find((e) => e.name === 'KAFKA_SASL_JAAS_CONFIG')?.valueFrom?.secretKeyRef;
    const user = users.find((u) => u.metadata?.name === jaas?.name);
    if (!jaas || jaas.key !== 'sasl.jaas.config' || !user) {
      s('KAFKA_SASL_JAAS_CONFIG must come from the sasl.jaas.config key of its KafkaUser\'s Secret (secretKeyRef)');
      continue;
    }
    if (user.spec?.authentication?.type !== 'scram-sha-512') say(user, 'authentication must be scram-sha-512, as the listener');
    if (users.some((u) => u !== user && `${service}-kafka` === u.metadata.name)) s(`uses KafkaUser ${user.metadata.name}, not its own`);
    for (const other of Object.values(contract.services)) {
      const od = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === other);
      const oj = (od?.spec?.template?.spec?.containers?.[0]?.env ?? []).find((e) => e.name === 'KAFKA_SASL_JAAS_CONFIG')?.valueFrom?.secretKeyRef;
      if (other !== service && oj?.name === user.metadata.name) s(`shares KafkaUser ${user.metadata.name} with ${other}: one user per service`);
    }
    const props = path.join(root, service, 'src', 'main', 'resources', 'application.properties');
    if (fs.existsSync(props)) checkAcls(user, needed(channelAccess(props)), service, (m) => say(user, m));
  }
}

function checkAcls(user, need, service, s) {
  const authz = user.spec?.authorization;
  if (authz?.type !== 'simple') {
    s('spec.authorization (type: simple, acls) is not set: the user could do nothing, or, without an authorizer, everything');
    return;
  }
  const have = new Map();
  for (const a of authz.acls ?? []) {
    const r = a.resource ?? {};
    const ops = a.operations ?? [];
    if ((a.type ?? 'allow') !== 'allow') continue;
    if (r.type === 'cluster' || r.type === 'transactionalId') s(`ACL on ${r.type}${r.name ? ' ' + r.name : ''}: ${service} needs none`);
    if (r.name === '*' || r.patternType === 'prefix') s(`ACL on ${r.type} ${r.name} (${r.patternType ?? 'literal'}): name exactly the ${r.type}s ${service} uses, no wildcard or prefix`);
    if (ops.includes('All')) s(`ACL on ${r.type} ${r.name}: operation All; grant only what ${service} does`);
    const k = `${r.type}:${r.name}`;
    have.set(k, new Set([...(have.get(k) ?? []), ...ops]));
  }
  for (const [k, ops] of need) {
    const missing = [...ops].filter((o) => !have.get(k)?.has(o) && !(o === 'Describe' && have.get(k)?.size));
    if (missing.length) s(`lacks ${missing.join(', ')} on ${k.replace(':', ' ')}: ${service}'s channels (application.properties) need it`);
  }
  for (const [k, ops] of have) {
    const extra = [...ops].filter((o) => !need.get(k)?.has(o));
    if (extra.length && !k.startsWith('cluster')) s(`grants ${extra.join(', ')} on ${k.replace(':', ' ')}, which ${service}'s channels do not use`);
  }
}
