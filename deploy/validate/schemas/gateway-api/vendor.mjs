// Writes httproute.json and gateway.json here from the Gateway API CRDs (standard channel, version v1's
// openAPIV3Schema), converted by ../crd-schema.mjs.
//   node vendor.mjs <gateway-api checkout> <git ref, e.g. v1.6.1> [output dir, default: here]
// Reads config/crd/standard/gateway.networking.k8s.io_{httproutes,gateways}.yaml at that ref (git show).
// Run it again for a newer release and commit the result with the ref in README.md.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { convert } from '../crd-schema.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const [repo, ref, outDir = HERE] = process.argv.slice(2);
if (!repo || !ref) {
  console.error('usage: node vendor.mjs <gateway-api checkout> <git ref>');
  process.exit(2);
}
for (const [file, plural] of [['httproute.json', 'httproutes'], ['gateway.json', 'gateways']]) {
  const crd = `config/crd/standard/gateway.networking.k8s.io_${plural}.yaml`;
  const doc = YAML.parse(execFileSync('git', ['-C', repo, 'show', `${ref}:${crd}`], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const v1 = doc.spec.versions.find((v) => v.name === 'v1');
  if (!v1?.served) throw new Error(`${crd} at ${ref}: no served v1 version`);
  const schema = convert(v1.schema.openAPIV3Schema);
  delete schema.properties.status;
  schema.properties.metadata = { type: 'object' }; // checked against V1ObjectMeta by lib/schema.mjs
  const out = { $id: `gateway-api/${file}`, $comment: `Gateway API ${ref}, ${crd}, version v1 (vendor.mjs)`, ...schema };
  fs.writeFileSync(path.join(outDir, file), JSON.stringify(out) + '\n');
  console.log(`${file}: ${doc.spec.names.kind} v1 from ${ref}`);
}
