// Renders a kustomization with the real kustomize built into kubectl, and parses the result.
import { execFile, execFileSync } from 'node:child_process';
import YAML from 'yaml';

const rendered = new Map(); // dir -> [results of prerender], taken in order by render()

function kustomizeError(e) {
  return { error: `kustomize failed: ${(e.stderr || e.message || '').toString().trim().split('\n').slice(-3).join(' ')}` };
}

/** Renders every dir `times` times up front, `jobs` kustomize processes at once; render() then takes these. */
export async function prerender(dirs, times, jobs) {
  const queue = dirs.flatMap((d) => Array.from({ length: times }, () => d));
  const results = new Map(dirs.map((d) => [d, []]));
  const one = (dir) => new Promise((resolve) => {
    execFile('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (e, stdout, stderr) => {
      results.get(dir).push(e ? kustomizeError({ ...e, stderr }) : parseManifests(stdout));
      resolve();
    });
  });
  const workers = Array.from({ length: jobs }, async () => {
    while (queue.length) await one(queue.shift());
  });
  await Promise.all(workers);
  for (const [d, r] of results) rendered.set(d, r);
}

/** Renders `dir` with `kubectl kustomize` (or takes the next prerendered result); returns {objects} or {error}. */
export function render(dir) {
  const ready = rendered.get(dir);
  if (ready?.length) return ready.shift();
  let text;
  try {
    text = execFileSync('kubectl', ['kustomize', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    return kustomizeError(e);
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
