// Workloads as a platform team accepts them: images that cannot change under the same name (a digest in
// production; never :latest or no tag anywhere), nothing running as root, no privilege escalation, and the
// four services with a preStop pause so the edge stops routing to a pod before it closes its sockets.
import { WORKLOADS } from './rules.mjs';

const DIGEST = /@sha256:[a-f0-9]{64}$/;

/** The tag of an image reference, or undefined (a digest-only or untagged reference). */
function tag(image) {
  const noDigest = image.split('@')[0];
  const last = noDigest.split('/').pop();
  return last.includes(':') ? last.split(':').pop() : undefined;
}

function preStopSeconds(c) {
  const pre = c.lifecycle?.preStop;
  if (pre?.sleep) return pre.sleep.seconds;
  const cmd = pre?.exec?.command ?? [];
  const i = cmd.indexOf('sleep');
  return i >= 0 ? Number(cmd[i + 1]) : 0;
}

/** Checks images, users and shutdown of every workload; `say(obj, msg)` records a problem. */
export function checkHardening(objects, contract, overlay, say) {
  const pinned = contract.images?.[overlay]?.digest === true;
  for (const o of objects.filter((x) => WORKLOADS.has(x.kind))) {
    const s = (m) => say(o, m);
    const pod = o.spec?.template?.spec ?? {};
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const image = String(c.image ?? '');
      const t = tag(image);
      if (!DIGEST.test(image) && (t === undefined || t === 'latest')) s(`container ${c.name}: image ${image} is ${t ? ':latest' : 'untagged (:latest)'}: what runs changes whenever someone pushes`);
      else if (pinned && !DIGEST.test(image)) s(`container ${c.name}: image ${image} is not pinned by digest (${overlay}: a tag is mutable; set digest: in the overlay's images:)`);
      const user = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
      const nonRoot = c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
      if (user === 0) s(`container ${c.name} runs as root (runAsUser 0)`);
      else if (nonRoot !== true) s(`container ${c.name}: runAsNonRoot is not true: the image's user decides, and may be root`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) s(`container ${c.name}: allowPrivilegeEscalation is not false`);
    }
    if (pinned && o.kind === 'Kafka' && o.spec?.kafka?.image && !DIGEST.test(o.spec.kafka.image)) s(`spec.kafka.image ${o.spec.kafka.image} is not pinned by digest`);
  }
  for (const k of objects.filter((x) => x.kind === 'Kafka')) {
    if (pinned && k.spec?.kafka?.image && !DIGEST.test(k.spec.kafka.image)) say(k, `spec.kafka.image ${k.spec.kafka.image} is not pinned by digest (leave it unset: Strimzi picks the image of spec.kafka.version)`);
  }
  for (const service of Object.values(contract.services)) {
    const dep = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === service);
    const c = (dep?.spec?.template?.spec?.containers ?? []).find((x) => x.name === service);
    if (c && preStopSeconds(c) < 5) say(dep, `container ${service} has no preStop pause (>= 5 s): SIGTERM would close its sockets and requests while the edge still routes new ones to it`);
  }
}
