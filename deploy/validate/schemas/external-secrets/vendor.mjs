// Writes externalsecret.json here from External Secrets Operator's CRD (the `v1` version's
// openAPIV3Schema), converted by ../crd-schema.mjs.
//   node vendor.mjs <external-secrets checkout> <git ref, e.g. v2.9.0> [output dir, default: here]
// Reads config/crds/bases/external-secrets.io_externalsecrets.yaml at that ref (git show). Run it again
// for a newer release and commit the result with the ref in README.md.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { convert } from '../crd-schema.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const [repo, ref, outDir = HERE] = process.argv.slice(2);
if (!repo || !ref) {
  console.error('usage: node vendor.mjs <external-secrets checkout> <git ref>');
  process.exit(2);
}
const crd = 'config/crds/bases/external-secrets.io_externalsecrets.yaml';
const doc = YAML.parse(execFileSync('git', ['-C', repo, 'show', `${ref}:${crd}`], { encoding: 'utf8', maxBuffer: 64 << 20 }));
const v1 = doc.spec.versions.find((v) => v.name === 'v1');
if (!v1?.served) throw new Error(`${crd} at ${ref}: no served v1 version`);
const schema = convert(v1.schema.openAPIV3Schema);
delete schema.properties.status;
schema.properties.metadata = { type: 'object' }; // checked against V1ObjectMeta by lib/schema.mjs
const out = { $id: 'external-secrets/externalsecret.json', $comment: `External Secrets ${ref}, ${crd}, version v1 (vendor.mjs)`, ...schema };
fs.writeFileSync(path.join(outDir, 'externalsecret.json'), JSON.stringify(out) + '\n');
console.log(`externalsecret.json: ExternalSecret v1 from ${ref}`);
