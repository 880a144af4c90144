// Kubernetes resource quantities ("250m", "1Gi", "2", 1.5) as numbers, to compare requests and limits.
const BINARY = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const PATTERN = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/** The value of a quantity, or NaN when it is not one. */
export function quantity(q) {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = PATTERN.exec(q);
  if (!m) return NaN;
  const n = Number(m[1]);
  const s = m[2] ?? '';
  if (s in BINARY) return n * BINARY[s];
  if (s in DECIMAL) return n * DECIMAL[s];
  return n * 10 ** Number(s.slice(1));
}

/** A Go-style duration or a plain number of seconds ("15s", "1m", "500ms") in seconds; NaN otherwise. */
export function seconds(d) {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$/.exec(String(d).trim());
  if (!m) return NaN;
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? 's'];
  return Number(m[1]) * unit;
}
