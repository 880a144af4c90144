// Schema validation, offline:
// - built-in kinds: the Kubernetes OpenAPI schema as compiled by npm `kubernetes-models` (types,
//   required fields, formats, enums), plus strict field checking (kubectl's default
//   --validate=strict: the API server rejects a field the schema does not declare) from the field
//   lists of npm `@kubernetes/client-node`'s generated models;
// - Strimzi kinds (kafka.strimzi.io/v1 only): the JSON Schemas in ../schemas/strimzi, made from Strimzi's
//   CRDs by its vendor.mjs (see its README), with ajv; External Secrets' ExternalSecret (external-secrets.io/v1)
//   the same way from ../schemas/external-secrets.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODELS = path.join(path.dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist/gen/models');

/** The built-in kinds the deployment may use: apiVersion/kind -> kubernetes-models module. */
const BUILTIN = {
  'v1/Namespace': 'v1/Namespace',
  'v1/ConfigMap': 'v1/ConfigMap',
  'v1/Secret': 'v1/Secret',
  'v1/Service': 'v1/Service',
  'apps/v1/Deployment': 'apps/v1/Deployment',
  'apps/v1/StatefulSet': 'apps/v1/StatefulSet',
  'policy/v1/PodDisruptionBudget': 'policy/v1/PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler': 'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/Ingress': 'networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy': 'networking.k8s.io/v1/NetworkPolicy',
};

const STRIMZI = {
  'kafka.strimzi.io/v1/Kafka': 'kafka.json',
  'kafka.strimzi.io/v1/KafkaNodePool': 'kafkanodepool.json',
  'kafka.strimzi.io/v1/KafkaTopic': 'kafkatopic.json',
  'kafka.strimzi.io/v1/KafkaUser': 'kafkauser.json',
};

/** Other operators' kinds: apiVersion/kind -> schema file under ../schemas (each folder's README says whence). */
const CUSTOM = {
  ...Object.fromEntries(Object.entries(STRIMZI).map(([k, f]) => [k, `strimzi/${f}`])),
  'external-secrets.io/v1/ExternalSecret': 'external-secrets/externalsecret.json',
  'gateway.networking.k8s.io/v1/Gateway': 'gateway-api/gateway.json',
  'gateway.networking.k8s.io/v1/HTTPRoute': 'gateway-api/httproute.json',
};

const ajv = new Ajv({ allErrors: true, strict: false });
for (const f of Object.values(CUSTOM)) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(HERE, '..', 'schemas', f), 'utf8')));
}

const fieldCache = new Map();

/** The declared fields of a client-node model type, e.g. V1Container: Map(jsonName -> type). */
function fields(type) {
  if (fieldCache.has(type)) return fieldCache.get(type);
  const file = path.join(MODELS, `${type}.js`);
  let result = null;
  if (fs.existsSync(file)) {
    const m = /\.attributeTypeMap = (\[[\s\S]*?\]);/.exec(fs.readFileSync(file, 'utf8'));
    if (m) result = new Map(JSON.parse(m[1]).map((a) => [a.baseName, a.type]));
  }
  fieldCache.set(type, result);
  return result;
}

const OPAQUE = new Set(['string', 'number', 'boolean', 'Date', 'any', 'object', 'IntOrString']);

/** Reports every field of `value` (of model `type`) that the schema does not declare. */
function strictFields(value, type, at, out) {
  if (OPAQUE.has(type) || value === null || value === undefined) return;
  let m = /^Array<(.+)>$/.exec(type);
  if (m) {
    if (Array.isArray(value)) value.forEach((v, i) => strictFields(v, m[1], `${at}[${i}]`, out));
    return;
  }
  m = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (m) {
    if (typeof value === 'object') for (const [k, v] of Object.entries(value)) strictFields(v, m[1], `${at}.${k}`, out);
    return;
  }
  const declared = fields(type);
  if (!declared) {
    out.push(`${at}: no field list for type ${type} in @kubernetes/client-node`);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return; // a type error: kubernetes-models reports it
  for (const [k, v] of Object.entries(value)) {
    if (!declared.has(k)) out.push(`${at ? at + '.' : ''}${k}: unknown field (the API server rejects it under strict field validation)`);
    else strictFields(v, declared.get(k), `${at ? at + '.' : ''}${k}`, out);
  }
}

/** client-node's type name for a top-level object: apps/v1 Deployment -> V1Deployment. */
function modelType(apiVersion, kind) {
  const version = apiVersion.split('/').pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

/** Validates one object; returns a list of messages (empty when valid). */
export function validateSchema(obj) {
  if (!obj || typeof obj !== 'object' || !obj.apiVersion || !obj.kind) {
    return ['not a Kubernetes object (apiVersion and kind are required)'];
  }
  const key = `${obj.apiVersion}/${obj.kind}`;
  const out = [];
  if (BUILTIN[key]) {
    const mod = require(`kubernetes-models/${BUILTIN[key]}`);
    try {
      new mod[obj.kind](obj).validate();
    } catch (e) {
      for (const line of String(e.message).split(/,\s*(?=data)/)) out.push(line.replace(/^data\/?/, '').trim());
    }
    strictFields(obj, modelType(obj.apiVersion, obj.kind), '', out);
    return out;
  }
  if (CUSTOM[key]) {
    const validate = ajv.getSchema(CUSTOM[key]);
    if (!validate(obj)) {
      for (const e of validate.errors) {
        const extra = e.params?.additionalProperty ? ` "${e.params.additionalProperty}"` : '';
        out.push(`${e.instancePath || '/'}: ${e.message}${extra} (${STRIMZI[key] ? 'Strimzi' : obj.apiVersion.split('/')[0]} CRD schema)`);
      }
    }
    strictFields(obj.metadata, 'V1ObjectMeta', 'metadata', out);
    return out;
  }
  if (/^kafka\.strimzi\.io\/v1(alpha|beta)/.test(obj.apiVersion)) {
    return [`${obj.apiVersion} is gone: Strimzi 1.0 removed it from the CRDs; use kafka.strimzi.io/v1 (served since 0.49, README "Before the first deploy")`];
  }
  return [`no schema for ${key}: add it to deploy/validate/lib/schema.mjs (a kind the validator cannot check is not accepted)`];
}
