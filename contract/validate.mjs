// Validates the machine-readable contract: contract/asyncapi.yaml parses and validates with @asyncapi/parser
// (no error or warning), every file in contract/schemas parses, compiles as JSON Schema draft 2020-12 and is
// referenced (from asyncapi.yaml, directly or through another schema), every example in asyncapi.yaml validates
// against its message's payload and headers, and the services' example files validate against their schemas.
// Prints one line; exit status 1 on any problem. Run through contract/validate.sh (installs the pinned packages).
//   node contract/validate.mjs [path/to/asyncapi.yaml]
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, fromFile } from '@asyncapi/parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const args = process.argv.slice(2);
const docPath = resolve(args.find(a => !a.startsWith('--')) ?? join(HERE, 'asyncapi.yaml'));
const schemaDir = join(dirname(docPath), 'schemas');

/** Repository files that show a wire shape, and the schema each must satisfy (a JSON pointer picks a part). */
const EXAMPLE_FILES = [
  ['device-gateway/src/main/resources/contracts/device-event-lifecycle.json', '', 'kafka-device-event.json'],
  ['device-gateway/src/main/resources/contracts/device-event-notification.json', '', 'kafka-device-event.json'],
  ['notify-service/src/main/resources/contracts/notify-event.json', '', 'kafka-notify-event.json'],
  ['notify-service/src/main/resources/contracts/receipt.json', '', 'kafka-receipt.json'],
  ['notify-service/src/main/resources/contracts/event-notification.json', '', 'browser-event-notification.json'],
  ['notify-service/src/main/resources/contracts/subscribe.json', '/request', 'browser-subscribe-request.json'],
  ['notify-service/src/main/resources/contracts/subscribe.json', '/response', 'browser-subscribe-result.json'],
];

const problems = [];

// 1. the AsyncAPI document
const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, docPath).parse();
for (const d of diagnostics) {
  if (d.severity <= 1) {
    problems.push(`asyncapi: ${d.severity === 0 ? 'error' : 'warning'} ${d.code} at ${JSON.stringify(d.path)}: ${d.message}`);
  }
}
if (!document && problems.length === 0) {
  problems.push('asyncapi: the parser returned no document');
}

// 2. every schema file parses and compiles; collect the references between them
// strict: unknown keywords and formats are errors (a typo such as "requried" must not pass silently)
const ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, strictRequired: false, allErrors: true, allowUnionTypes: true });
addFormats(ajv);
const files = existsSync(schemaDir) ? readdirSync(schemaDir).filter(f => f.endsWith('.json')).sort() : [];
const schemas = new Map();
for (const f of readdirSync(schemaDir)) {
  if (!f.endsWith('.json')) {
    problems.push(`schemas/${f}: not a .json file`);
  }
}
for (const f of files) {
  try {
    const schema = JSON.parse(readFileSync(join(schemaDir, f), 'utf8'));
    if (schema.$schema !== 'https://json-schema.org/draft/2020-12/schema') {
      problems.push(`schemas/${f}: $schema must be https://json-schema.org/draft/2020-12/schema`);
    }
    schemas.set(f, schema);
    ajv.addSchema(schema, f);
  } catch (e) {
    problems.push(`schemas/${f}: does not parse: ${e.message}`);
  }
}
const compiled = new Map();
for (const f of schemas.keys()) {
  try {
    compiled.set(f, ajv.getSchema(f));
  } catch (e) {
    problems.push(`schemas/${f}: does not compile: ${e.message}`);
  }
}

/** The schema files a JSON value refers to with $ref (relative file part only). */
function refsIn(value, prefix, out = new Set()) {
  if (Array.isArray(value)) {
    value.forEach(v => refsIn(v, prefix, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) {
        const file = v.split('#')[0];
        if (file.startsWith(prefix)) out.add(file.slice(prefix.length));
      } else {
        refsIn(v, prefix, out);
      }
    }
  }
  return out;
}

// 3. every schema is referenced: from the document, or from a schema that is
const raw = YAML.parse(readFileSync(docPath, 'utf8'));
const reached = new Set();
const queue = [...refsIn(raw, './schemas/')];
while (queue.length) {
  const f = queue.pop();
  if (reached.has(f)) continue;
  reached.add(f);
  if (!schemas.has(f)) {
    problems.push(`asyncapi: refers to schemas/${f}, which is missing or does not parse`);
    continue;
  }
  queue.push(...refsIn(schemas.get(f), ''));
}
for (const f of schemas.keys()) {
  if (!reached.has(f)) problems.push(`schemas/${f}: not referenced by asyncapi.yaml (nor by a schema it references)`);
}

// 4. examples validate against their message's payload and headers
function check(what, value, ref) {
  const file = ref?.$ref?.replace('./schemas/', '');
  const validate = file ? compiled.get(file) : undefined;
  if (!validate) return;
  if (!validate(value)) problems.push(`${what}: ${ajv.errorsText(validate.errors)}`);
}
let examples = 0;
const messages = [
  ...Object.entries(raw?.components?.messages ?? {}),
  ...Object.values(raw?.channels ?? {}).flatMap(c => Object.entries(c.messages ?? {})),
].filter(([, m]) => m && !m.$ref);
for (const [name, message] of messages) {
  (message.examples ?? []).forEach((example, i) => {
    examples++;
    if (example.payload !== undefined) check(`asyncapi: example ${i} of ${name} (payload)`, example.payload, message.payload);
    if (example.headers !== undefined) check(`asyncapi: example ${i} of ${name} (headers)`, example.headers, message.headers);
  });
}
for (const [file, pointer, schema] of EXAMPLE_FILES) {
  examples++;
  try {
    let value = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
    for (const part of pointer.split('/').filter(Boolean)) value = value[part];
    check(file + pointer, value, { $ref: './schemas/' + schema });
  } catch (e) {
    problems.push(`${file}: ${e.message}`);
  }
}

if (problems.length) {
  console.error(`contract: FAILED (${problems.length} problems)`);
  problems.forEach(p => console.error('  ' + p));
  process.exit(1);
}
console.log(`contract: asyncapi.yaml valid (${document.allChannels().length} channels, ${document.allMessages().length} messages), ${schemas.size} schemas compiled and referenced, ${examples} examples valid`);
