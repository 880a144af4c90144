// Secrets that operators write in the cluster, not the manifests: the Strimzi User Operator one per
// KafkaUser (its name; SCRAM: password, sasl.jaas.config), the Cluster Operator <cluster>-cluster-ca-cert
// per Kafka (ca.crt), the External Secrets Operator one per ExternalSecret (spec.target.name, the keys of
// spec.data and spec.target.template.data). References to them resolve; a manifest Secret of the same
// name is a clash. `owner`: the object whose deletion deletes the Secret (and whose next apply makes it
// again from its source).
const USER_KEYS = {
  'scram-sha-512': ['password', 'sasl.jaas.config'],
  tls: ['ca.crt', 'user.crt', 'user.key', 'user.p12', 'user.password'],
};

function secret(name, keys, madeBy, owner) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, annotations: { 'switchboard.io/required-keys': keys.join(',') } },
    madeBy,
    owner,
  };
}

/** The Secrets the operators will write for these objects. */
export function madeSecrets(objects) {
  const out = [];
  for (const o of objects) {
    if (o.kind === 'KafkaUser') {
      const keys = USER_KEYS[o.spec?.authentication?.type];
      if (keys) out.push(secret(o.metadata.name, keys, `KafkaUser/${o.metadata.name} (Strimzi User Operator)`, o));
    }
    if (o.kind === 'Kafka') out.push(secret(`${o.metadata.name}-cluster-ca-cert`, ['ca.crt', 'ca.p12', 'ca.password'], `Kafka/${o.metadata.name} (Strimzi Cluster Operator)`, o));
    if (o.kind === 'ExternalSecret') {
      const keys = [...(o.spec?.data ?? []).map((d) => d.secretKey), ...Object.keys(o.spec?.target?.template?.data ?? {})];
      out.push(secret(o.spec?.target?.name ?? o.metadata.name, keys, `ExternalSecret/${o.metadata.name} (External Secrets Operator)`, o));
    }
  }
  return out;
}

/** The Secrets an overlay's README says to create by hand (contract.json secretsByHand: name -> keys). */
export function handMadeSecrets(byHand) {
  return Object.entries(byHand ?? {}).filter(([n]) => !n.startsWith('_')).map(([name, keys]) => secret(name, keys, 'hand (kubectl create secret, README "Secrets")'));
}
