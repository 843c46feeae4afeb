/**
 * The processes `gz cluster` (npm run start:cluster) starts, read from the Helm chart's values the
 * way the chart's templates read them (`gongzhi.deployments` in charts/gongzhi/templates/_helpers.tpl):
 * one process per Deployment the chart would make, so the topology seen on one machine is the
 * one a values file deploys. Replicas and autoscaling are left out: one process per Deployment.
 */

/** One app process of the cluster: a bus service's street group (or default group), or the gateway. */
export interface ClusterProcess {
  /** the Deployment's component name: `ticketing-s01`, `ticketing`, `gateway` */
  name: string;
  /** the app it runs (dist/apps/<app>/src/main.js) */
  app: string;
  /** STREETS: `*`, or street codes with `all` for the district-wide requests */
  streets: string;
  /** the entry's `env`, with its group's over it */
  env: Record<string, string>;
}

type Values = Record<string, unknown>;

const isObject = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Values files over the chart's defaults, as Helm merges them: maps key by key at every depth, a
 * list or a scalar replaced whole, `null` removing the key.
 */
export function mergeValues(base: Values, ...overrides: Values[]): Values {
  let out: Values = { ...base };
  for (const over of overrides) {
    const merged: Values = { ...out };
    for (const [key, value] of Object.entries(over ?? {})) {
      if (value === null) delete merged[key];
      else merged[key] = isObject(value) && isObject(merged[key]) ? mergeValues(merged[key] as Values, value) : value;
    }
    out = merged;
  }
  return out;
}

interface StreetGroup {
  name: string;
  streets: string[];
  env?: Record<string, unknown>;
}

const asEnv = (env: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(isObject(env) ? env : {}).map(([k, v]) => [k, String(v)]));

/** The processes the chart's values describe, in the chart's order (services by key, then the gateway). */
export function clusterTopology(values: Values): ClusterProcess[] {
  const streets = Array.isArray(values.streets) ? (values.streets as string[]) : [];
  const defaults = isObject(values.serviceDefaults) ? values.serviceDefaults : {};
  const services = isObject(values.services) ? values.services : {};
  const out: ClusterProcess[] = [];
  for (const name of Object.keys(services).sort()) {
    const entry = services[name];
    if (entry === null) continue;
    // a shallow merge, as gongzhi.serviceConfig does
    const cfg: Values = { ...defaults, ...(isObject(entry) ? entry : {}) };
    if (cfg.enabled === false) continue;
    const app = typeof cfg.app === 'string' && cfg.app ? cfg.app : name;
    const env = asEnv(cfg.env);
    const groups = (Array.isArray(cfg.streetGroups) ? cfg.streetGroups : []) as StreetGroup[];
    const taken = new Set<string>();
    for (const group of groups) {
      if (streets.length === 0)
        throw new Error(`services.${name}.streetGroups needs the district's street codes in \`streets\``);
      for (const street of group.streets) {
        if (taken.has(street)) throw new Error(`services.${name}.streetGroups: street ${street} is in two groups`);
        if (!streets.includes(street)) throw new Error(`services.${name}.streetGroups.${group.name}: street ${street} is not in \`streets\``);
        taken.add(street);
      }
      out.push({ name: `${name}-${group.name}`, app, streets: group.streets.join(','), env: { ...env, ...asEnv(group.env) } });
    }
    const rest = taken.size === 0 ? '*' : [...streets.filter((s) => !taken.has(s)), 'all'].join(',');
    out.push({ name, app, streets: rest, env });
  }
  const gateway = isObject(values.gateway) ? values.gateway : {};
  if (gateway.enabled !== false) out.push({ name: 'gateway', app: 'gateway', streets: '*', env: asEnv(gateway.env) });
  return out;
}
