// The services' own edge-facing settings: an access log that records the path without the query string
// (tokens come as ?access_token=), and X-Forwarded-For believed only from the edge's addresses.
import { effectiveEnv } from './config.mjs';

// Quarkus access-log tokens that print the query string: the request line (%r), the URI (%U is
// request.uri(), query included), the query (%q), a query parameter (%{q,name}), and the named patterns
// built on %r ("common", the default, "combined", "long").
const LEAKS = [/%<?r\b/, /%<?U/, /%<?q/, /%\{<?(REQUEST_LINE|REQUEST_URL|QUERY_STRING|BARE_QUERY_STRING)\}/, /%\{q,/, /%\{ALL_REQUEST_HEADERS\}/, /%\{i,authorization\}/i];
const NAMED = new Set(['common', 'combined', 'long']);

/** Checks the access log and trusted proxies of the four services; `say(obj, msg)` records a problem. */
export function checkEdgeConfig(objects, contract, overlay, say) {
  for (const service of Object.values(contract.services)) {
    const dep = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === service);
    const c = dep?.spec?.template?.spec?.containers?.[0];
    if (!c) continue;
    const s = (m) => say(dep, m);
    const env = effectiveEnv(c, objects);
    const on = env.get('QUARKUS_HTTP_ACCESS_LOG_ENABLED')?.value;
    const pattern = env.get('QUARKUS_HTTP_ACCESS_LOG_PATTERN')?.value ?? 'common';
    if (on !== undefined && on !== 'true') s(`QUARKUS_HTTP_ACCESS_LOG_ENABLED=${on}: no access log, no audit trail of requests (log the path without the query instead)`);
    if (NAMED.has(pattern.trim())) s(`QUARKUS_HTTP_ACCESS_LOG_PATTERN "${pattern}" logs the request line with its query string (?access_token=): use %R for the path`);
    else {
      for (const re of LEAKS) if (re.test(pattern)) s(`QUARKUS_HTTP_ACCESS_LOG_PATTERN "${pattern}": ${re.source} prints the query string or a token (?access_token=); use %R for the path`);
      if (!/%<?R|%\{<?REQUEST_PATH\}/.test(pattern)) s(`QUARKUS_HTTP_ACCESS_LOG_PATTERN "${pattern}" does not record the path (%R)`);
    }
    const forwarding = env.get('QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING')?.value === 'true';
    const trusted = env.get('QUARKUS_HTTP_PROXY_TRUSTED_PROXIES')?.value;
    const min = contract.trustedProxies?.[overlay]?.minPrefixLength;
    if (forwarding && trusted !== undefined && min !== undefined) {
      for (const entry of trusted.split(',').map((x) => x.trim()).filter(Boolean)) {
        const m = /^([^/]+)\/(\d+)$/.exec(entry);
        if (!m) continue; // one address or a host name
        const v6 = m[1].includes(':');
        const need = v6 ? 64 : min;
        if (Number(m[2]) < need) s(`QUARKUS_HTTP_PROXY_TRUSTED_PROXIES ${entry}: a /${m[2]} is a whole network, whose every pod may then forge X-Forwarded-For (the login rate limit keys on it); list the edge's addresses (/${need} or narrower)`);
      }
    }
  }
}
