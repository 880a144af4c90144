// Kafka (Strimzi v1, KRaft with node pools) and Redis (Sentinel) hold together, and the services point at
// them: bootstrap Service and listener, sentinel endpoints and master name, no eviction; in production
// both tiers survive a node or a zone loss (rack awareness, DoNotSchedule spread by zone and host).
import { effectiveEnv } from './config.mjs';
import { quantity } from './quantity.mjs';

/** Bytes of a redis.conf memory value (1k = 1000, 1kb = 1024, ...); NaN when not one. */
function redisBytes(v) {
  const m = /^(\d+)(k|kb|m|mb|g|gb)?$/i.exec(String(v ?? '').trim());
  if (!m) return NaN;
  const unit = { k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return Number(m[1]) * unit;
}

const num = (v) => (v === undefined ? undefined : Number(v));

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';

/** A tier that must survive a node or a zone loss: DoNotSchedule spread by zone and by host. */
function checkSpread(constraints, at, s) {
  for (const key of [ZONE, HOST]) {
    const c = (constraints ?? []).find((x) => x.topologyKey === key);
    if (!c) s(`${at}: no topologySpreadConstraint on ${key}: one ${key === ZONE ? 'zone' : 'node'} could take out the tier`);
    else if (c.whenUnsatisfiable !== 'DoNotSchedule') s(`${at}: the ${key} spread is ${c.whenUnsatisfiable}; it must be DoNotSchedule (ScheduleAnyway may put the tier in one failure domain)`);
    else if (c.maxSkew !== 1) s(`${at}: the ${key} spread has maxSkew ${c.maxSkew}; 1 puts one pod per domain`);
  }
}

function checkKafka(objects, contract, overlay, placement, say) {
  const kafkas = objects.filter((o) => o.kind === 'Kafka');
  if (kafkas.length === 0) say({ kind: 'Kafka', metadata: { name: '?' } }, 'no Kafka cluster in the deployment');
  const clusters = new Map();
  for (const k of kafkas) {
    const s = (m) => say(k, m);
    const ann = k.metadata?.annotations ?? {};
    for (const a of ['strimzi.io/kraft', 'strimzi.io/node-pools']) {
      if (a in ann) s(`annotation ${a}: Strimzi ignores it since 0.48 (KRaft and node pools are all it runs); remove it`);
    }
    const pools = objects.filter((o) => o.kind === 'KafkaNodePool' && o.metadata?.labels?.['strimzi.io/cluster'] === k.metadata.name);
    const count = (role) => pools.filter((p) => (p.spec?.roles ?? []).includes(role)).reduce((n, p) => n + (p.spec?.replicas ?? 0), 0);
    const controllers = count('controller');
    const brokers = count('broker');
    if (controllers < 1 || controllers % 2 === 0) s(`${controllers} KRaft controllers: the quorum needs an odd number (1, 3, 5)`);
    if (brokers < 1) s('no node pool has the broker role');
    const cfg = k.spec?.kafka?.config ?? {};
    const rf = num(cfg['default.replication.factor']) ?? 1;
    const isr = num(cfg['min.insync.replicas']) ?? 1;
    for (const key of ['default.replication.factor', 'offsets.topic.replication.factor', 'transaction.state.log.replication.factor']) {
      if (num(cfg[key]) > brokers) s(`${key} ${cfg[key]} > ${brokers} broker(s)`);
    }
    if (isr > rf || (rf > 1 && isr >= rf)) s(`min.insync.replicas ${isr} must be below default.replication.factor ${rf}, or one broker down stops every write`);
    if (placement?.zones) {
      if (k.spec?.kafka?.rack?.topologyKey !== ZONE) s(`${overlay}: spec.kafka.rack.topologyKey must be ${ZONE} (rack awareness: the replicas of a partition in different zones)`);
      for (const p of pools) checkSpread(p.spec?.template?.pod?.topologySpreadConstraints, 'spec.template.pod', (m) => say(p, m));
    }
    clusters.set(k.metadata.name, { brokers, isr, listeners: k.spec?.kafka?.listeners ?? [] });
  }
  for (const p of objects.filter((o) => o.kind === 'KafkaNodePool')) {
    if (!clusters.has(p.metadata?.labels?.['strimzi.io/cluster'])) say(p, 'label strimzi.io/cluster names no Kafka of the deployment');
  }
  const topics = new Map();
  for (const t of objects.filter((o) => o.kind === 'KafkaTopic')) {
    const s = (m) => say(t, m);
    const cluster = clusters.get(t.metadata?.labels?.['strimzi.io/cluster']);
    const name = t.spec?.topicName ?? t.metadata?.name;
    topics.set(name, t);
    if (!cluster) {
      s('label strimzi.io/cluster names no Kafka of the deployment');
      continue;
    }
    const replicas = t.spec?.replicas;
    const isr = num(t.spec?.config?.['min.insync.replicas']) ?? cluster.isr;
    if (replicas > cluster.brokers) s(`replicas ${replicas} > ${cluster.brokers} broker(s)`);
    if (isr > replicas || (replicas > 1 && isr >= replicas)) s(`min.insync.replicas ${isr} must be below replicas ${replicas}`);
    if (t.spec?.config?.['retention.ms'] === undefined) s('retention.ms is not set (choose and explain a retention for every topic)');
    const policy = contract.topics?.[overlay];
    if (policy && (replicas !== policy.replicas || isr !== policy.minInsync)) {
      s(`${overlay}: replicas ${replicas} / min.insync.replicas ${isr}, expected ${policy.replicas} / ${policy.minInsync}`);
    }
  }
  for (const n of contract.topics?.names ?? []) {
    if (!topics.has(n)) say({ kind: 'KafkaTopic', metadata: { name: n } }, 'missing: a topic of the contract');
  }
  return clusters;
}

function checkRedis(objects, placement, say) {
  const conf = objects.find((o) => o.kind === 'ConfigMap' && o.data?.['redis.conf'] !== undefined);
  if (!conf) {
    say({ kind: 'ConfigMap', metadata: { name: '?' } }, 'no ConfigMap with a redis.conf');
    return {};
  }
  const directives = new Map();
  for (const line of conf.data['redis.conf'].split('\n')) {
    const m = /^\s*([a-z-]+)\s+(.*?)\s*$/.exec(line);
    if (m && !line.trim().startsWith('#')) directives.set(m[1], m[2].replace(/^"(.*)"$/, '$1'));
  }
  if (directives.get('maxmemory-policy') !== 'noeviction') say(conf, 'redis.conf: maxmemory-policy must be noeviction (evicting a record gives wrong answers)');
  if (directives.get('appendonly') !== 'yes') say(conf, 'redis.conf: appendonly must be yes: without the AOF a restarted or failed-over node loses every write since the last snapshot (acknowledged commands, QR grants)');
  else if (!['everysec', 'always'].includes(directives.get('appendfsync') ?? 'everysec')) say(conf, `redis.conf: appendfsync ${directives.get('appendfsync')}: the OS may hold writes for 30 s; use everysec`);
  const sts = objects.find((o) => o.kind === 'StatefulSet' && (o.spec?.template?.spec?.containers ?? []).some((c) => (c.ports ?? []).some((p) => p.containerPort === 26379)));
  if (!sts) {
    say(conf, 'no StatefulSet runs Redis Sentinel (port 26379)');
    return {};
  }
  if (placement?.zones) checkSpread(sts.spec?.template?.spec?.topologySpreadConstraints, 'spec.template.spec', (m) => say(sts, m));
  const redisC = sts.spec.template.spec.containers.find((c) => (c.ports ?? []).some((p) => p.containerPort === 6379));
  const maxmemory = redisBytes(directives.get('maxmemory'));
  const limit = quantity(redisC?.resources?.limits?.memory);
  if (!(maxmemory > 0)) say(conf, 'redis.conf: maxmemory is not set: Redis grows until the kernel kills it');
  else if (!(limit > 0)) say(sts, 'the redis container has no memory limit to size maxmemory against');
  else if (maxmemory > 0.6 * limit) say(sts, `redis.conf maxmemory ${directives.get('maxmemory')} is ${Math.round((100 * maxmemory) / limit)} % of the ${redisC.resources.limits.memory} limit: the fork that rewrites the AOF copies written pages (up to the whole dataset) on top of it; keep maxmemory <= 50-60 % of the limit`);
  const sentinelC = sts.spec.template.spec.containers.find((c) => (c.ports ?? []).some((p) => p.containerPort === 26379));
  const script = Object.entries(conf.data).find(([k, v]) => /redis-sentinel\s/.test(v) && k.endsWith('.sh'))?.[1] ?? '';
  const confPath = [...script.matchAll(/redis-sentinel\s+(\S+)/g)].map((m) => m[1]).pop();
  const claims = new Set((sts.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name));
  const mount = (sentinelC?.volumeMounts ?? []).filter((m) => confPath?.startsWith(m.mountPath.replace(/\/$/, '') + '/')).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  if (!confPath) say(conf, 'no start script runs redis-sentinel with a config file');
  else if (!mount || !claims.has(mount.name)) say(sts, `the sentinel's state (${confPath}, the config Sentinel rewrites) is ${mount ? `on volume ${mount.name}, not` : 'not on'} a PersistentVolumeClaim: a restarted sentinel forgets its epoch and the master it follows (emptyDir is lost with the pod)`);
  const replicas = sts.spec?.replicas ?? 1;
  if (replicas < 3 || replicas % 2 === 0) say(sts, `${replicas} sentinel(s): Sentinel needs an odd number, at least 3, for a quorum`);
  const sentinel = sts.spec.template.spec.containers.find((c) => (c.ports ?? []).some((p) => p.containerPort === 26379));
  const master = (sentinel.env ?? []).find((e) => e.name === 'MASTER_NAME')?.value;
  const endpoints = new Set();
  for (let i = 0; i < replicas; i++) endpoints.add(`${sts.metadata.name}-${i}.${sts.spec.serviceName}:26379`);
  return { master, endpoints };
}

/** Checks Kafka, Redis and the services' connection settings; `say(obj, msg)` records a problem. */
export function checkStack(objects, contract, overlay, say) {
  const placement = contract.placement?.[overlay];
  const clusters = checkKafka(objects, contract, overlay, placement, say);
  const redis = checkRedis(objects, placement, say);
  for (const service of Object.values(contract.services)) {
    const dep = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === service);
    const c = dep?.spec?.template?.spec?.containers?.[0];
    if (!c) continue;
    const env = effectiveEnv(c, objects);
    const s = (m) => say(dep, m);
    const bootstrap = env.get('KAFKA_BOOTSTRAP_SERVERS')?.value;
    for (const hp of String(bootstrap ?? '').split(',').filter(Boolean)) {
      const [host, port] = hp.trim().split(':');
      const name = host.split('.')[0].replace(/-kafka-bootstrap$/, '');
      const cluster = host.split('.')[0].endsWith('-kafka-bootstrap') ? clusters.get(name) : undefined;
      if (!cluster) s(`KAFKA_BOOTSTRAP_SERVERS ${hp}: not the bootstrap Service of a Kafka of the deployment (<cluster>-kafka-bootstrap)`);
      else if (!cluster.listeners.some((l) => String(l.port) === port)) s(`KAFKA_BOOTSTRAP_SERVERS ${hp}: no listener on port ${port}`);
    }
    const type = env.get('QUARKUS_REDIS_CLIENT_TYPE')?.value ?? 'standalone';
    const hosts = String(env.get('QUARKUS_REDIS_HOSTS')?.value ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const role = env.get('QUARKUS_REDIS_ROLE')?.value ?? 'master';
    if (role !== 'master') s(`QUARKUS_REDIS_ROLE is ${role}: the services write (and run Lua) on every path, which a replica refuses (READONLY); use master`);
    if (type === 'sentinel' && env.get('QUARKUS_REDIS_AUTO_FAILOVER')?.value !== 'true') s('QUARKUS_REDIS_AUTO_FAILOVER is not true: after a failover the client keeps its connections to the old master, now a replica, and writes fail (READONLY) until they break');
    if (type === 'sentinel' && redis.endpoints) {
      if (env.get('QUARKUS_REDIS_MASTER_NAME')?.value !== redis.master) s(`QUARKUS_REDIS_MASTER_NAME must be the sentinels' master name "${redis.master}"`);
      const given = new Set(hosts.map((h) => h.replace(/^redis:\/\//, '').replace(/\/.*$/, '')));
      for (const e of redis.endpoints) if (!given.has(e)) s(`QUARKUS_REDIS_HOSTS lacks the sentinel redis://${e}`);
      for (const g of given) if (!redis.endpoints.has(g)) s(`QUARKUS_REDIS_HOSTS names ${g}, which is no sentinel of the deployment`);
    } else if (type !== 'sentinel') {
      s(`QUARKUS_REDIS_CLIENT_TYPE is "${type}": the deployment runs Redis with Sentinel`);
    }
  }
}
