// Turns a CRD version's openAPIV3Schema into a JSON Schema that ajv checks the way the API server does
// under kubectl's default strict field validation: every object schema with `properties` that is not
// x-kubernetes-preserve-unknown-fields gets `additionalProperties: false` (an undeclared field is
// rejected), x-kubernetes-int-or-string becomes integer|string, descriptions and formats (ajv has no
// Kubernetes formats) are dropped, and so is `status` (never in a manifest). CEL rules
// (x-kubernetes-validations) are kept but not evaluated. Used by strimzi/vendor.mjs and
// external-secrets/vendor.mjs.
export function convert(node) {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' || k === 'format') continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, convert(s)]));
    else out[k] = convert(v);
  }
  if (out['x-kubernetes-int-or-string']) out.type = ['integer', 'string'];
  if (out.properties && !out['x-kubernetes-preserve-unknown-fields'] && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}
