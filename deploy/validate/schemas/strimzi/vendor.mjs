// Writes the JSON Schemas in this folder from Strimzi's CRDs (the `v1` version's openAPIV3Schema), so the
// validator checks Strimzi resources offline exactly as the API server would with these CRDs installed.
//   node vendor.mjs <strimzi-kafka-operator checkout> <git ref, e.g. 1.2.0> [output dir, default: here]
// Reads packaging/install/cluster-operator/04*-Crd-{kafka,kafkanodepool,kafkatopic,kafkauser}.yaml at that
// ref (git show) and converts each with ../crd-schema.mjs. Run it again for a newer Strimzi and commit the
// result with the ref in README.md.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { convert } from '../crd-schema.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const [repo, ref, outDir = HERE] = process.argv.slice(2);
if (!repo || !ref) {
  console.error('usage: node vendor.mjs <strimzi-kafka-operator checkout> <git ref>');
  process.exit(2);
}
const CRDS = {
  'kafka.json': '040-Crd-kafka.yaml',
  'kafkatopic.json': '043-Crd-kafkatopic.yaml',
  'kafkauser.json': '044-Crd-kafkauser.yaml',
  'kafkanodepool.json': '045-Crd-kafkanodepool.yaml',
};

for (const [file, crd] of Object.entries(CRDS)) {
  const text = execFileSync('git', ['-C', repo, 'show', `${ref}:packaging/install/cluster-operator/${crd}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const doc = YAML.parse(text);
  const v1 = doc.spec.versions.find((v) => v.name === 'v1');
  if (!v1?.served) throw new Error(`${crd} at ${ref}: no served v1 version`);
  const schema = convert(v1.schema.openAPIV3Schema);
  delete schema.properties.status;
  schema.properties.metadata = { type: 'object' }; // checked against V1ObjectMeta by schema.mjs
  const out = { $id: `strimzi/${file}`, $comment: `Strimzi ${ref}, ${crd}, version v1 (vendor.mjs)`, ...schema };
  fs.writeFileSync(path.join(outDir, file), JSON.stringify(out) + '\n');
  console.log(`${file}: ${doc.spec.names.kind} v1 from ${ref}`);
}
