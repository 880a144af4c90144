// Renders a kustomization with the real kustomize built into kubectl, and parses the result.
import { execFileSync } from 'node:child_process';
import YAML from 'yaml';

/** Renders `dir` with `kubectl kustomize`; returns {objects} or {error}. */
export function render(dir) {
  let text;
  try {
    text = execFileSync('kubectl', ['kustomize', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const msg = (e.stderr || e.message || '').toString().trim().split('\n').slice(-3).join(' ');
    return { error: `kustomize failed: ${msg}` };
  }
  return parseManifests(text);
}

/** Parses multi-document YAML the way the API machinery reads it (YAML 1.1, like sigs.k8s.io/yaml). */
export function parseManifests(text) {
  const objects = [];
  for (const doc of YAML.parseAllDocuments(text, { version: '1.1', uniqueKeys: true })) {
    if (doc.errors.length) {
      return { error: `YAML: ${doc.errors[0].message}` };
    }
    const obj = doc.toJS({ maxAliasCount: 100 });
    if (obj !== null && obj !== undefined) objects.push(obj);
  }
  return { objects };
}

/** "Kind/name" for messages. */
export function ref(obj) {
  return `${obj?.kind ?? '?'}/${obj?.metadata?.name ?? '?'}`;
}
