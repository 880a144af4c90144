// Secrets that operators write in the cluster, not the manifests: the Strimzi User Operator one per
// KafkaUser (its name; SCRAM: password, sasl.jaas.config), the Cluster Operator <cluster>-cluster-ca-cert
// per Kafka (ca.crt). References to them resolve; a manifest Secret of the same name is a clash.
const USER_KEYS = {
  'scram-sha-512': ['password', 'sasl.jaas.config'],
  tls: ['ca.crt', 'user.crt', 'user.key', 'user.p12', 'user.password'],
};

function secret(name, keys, madeBy) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, annotations: { 'switchboard.io/required-keys': keys.join(',') } },
    madeBy,
  };
}

/** The Secrets the operators will write for these objects. */
export function madeSecrets(objects) {
  const out = [];
  for (const o of objects) {
    if (o.kind === 'KafkaUser') {
      const keys = USER_KEYS[o.spec?.authentication?.type];
      if (keys) out.push(secret(o.metadata.name, keys, `KafkaUser/${o.metadata.name} (Strimzi User Operator)`));
    }
    if (o.kind === 'Kafka') out.push(secret(`${o.metadata.name}-cluster-ca-cert`, ['ca.crt', 'ca.p12', 'ca.password'], `Kafka/${o.metadata.name} (Strimzi Cluster Operator)`));
  }
  return out;
}
