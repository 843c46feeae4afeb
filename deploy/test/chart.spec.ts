import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { mergeValues } from '@gz/cli';
import { parse, stringify } from 'yaml';
import {
  apps,
  CHART,
  CUSTOM_KINDS,
  deployableServices,
  envOf,
  exampleValues,
  helm,
  render,
  schemaErrors,
  selects,
  tools,
  type K8sObject,
  type Tools,
} from './support';

/**
 * The Helm chart, checked without a cluster: values.schema.json against every example values
 * file and against wrong ones (with ajv, and by helm itself, which applies the schema), helm lint,
 * and the objects `helm template` renders for each example checked against the Kubernetes
 * schemas and against what the chart promises (non-root pods with probes, a PDB for every
 * Deployment, street groups that split the streets between them, network policies that leave
 * only the gateway reachable, an app for every APP).
 */
describe('the Helm chart', () => {
  let t: Tools;
  const schema = JSON.parse(readFileSync(path.join(CHART, 'values.schema.json'), 'utf8')) as object;
  const defaults = parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  const examples = exampleValues();
  const rendered = new Map<string, K8sObject[]>();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gz-chart-'));
  const valuesFile = (name: string, values: unknown) => {
    const file = path.join(scratch, `${name}.yaml`);
    writeFileSync(file, stringify(values));
    return file;
  };

  beforeAll(() => {
    t = tools();
    for (const file of examples) rendered.set(path.basename(file), render(t, file));
    rendered.set('(defaults)', render(t));
  }, 300_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('has the examples the issue asks for: a pilot, a district with a busy street, production', () => {
    expect(examples.map((f) => path.basename(f)).sort()).toEqual(
      expect.arrayContaining(['pilot-values.yaml', 'district-values.yaml', 'production-values.yaml', 'demo-values.yaml']),
    );
  });

  it('accepts its defaults and every example values file (ajv and helm lint --strict)', () => {
    expect([validate(defaults), validate.errors]).toEqual([true, null]);
    for (const file of examples) {
      const values = mergeValues(defaults, parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
      expect([path.basename(file), validate(values), validate.errors]).toEqual([path.basename(file), true, null]);
      const lint = helm(t, ['lint', '--strict', CHART, '-f', file]);
      expect([path.basename(file), lint.status, lint.out]).toEqual([path.basename(file), 0, expect.stringContaining('0 chart(s) failed')]);
    }
  });

  it('refuses wrong values, by the schema (ajv and helm) or by the templates', () => {
    const wrong: Array<[string, Record<string, unknown>, RegExp]> = [
      ['a replica count as text', { services: { ticketing: { replicas: 'two' } } }, /replicas/],
      ['a misspelt key', { services: { ticketing: { replicaz: 2 } } }, /replicaz/],
      ['a street that is no street code', { streets: ['east'] }, /streets/],
      ['pods as root', { podSecurityContext: { runAsNonRoot: false } }, /runAsNonRoot/],
      ['a group without streets', { streets: ['s01'], services: { ticketing: { streetGroups: [{ name: 'busy' }] } } }, /streets/],
      ['an old-style `streets` string on an entry', { services: { 'ticketing-s01': { app: 'ticketing', streets: 's01' } } }, /streets/],
      ['a pdb with a typo', { serviceDefaults: { pdb: { enabled: true, maxUnavailble: 1 } } }, /maxUnavailble/],
      ['an empty Secret name', { secret: { existingSecret: '' } }, /existingSecret/],
    ];
    for (const [what, override, mentioned] of wrong) {
      const values = mergeValues(defaults, override);
      expect([what, validate(values)]).toEqual([what, false]);
      const lint = helm(t, ['template', 'gz', CHART, '-f', valuesFile(what.replace(/\W+/g, '-'), override)]);
      expect([what, lint.status]).toEqual([what, 1]);
      expect(lint.out).toMatch(mentioned);
    }
    // valid by the schema, refused by the templates: street groups need the district's streets,
    // and a street belongs to one group
    const templateRefusals: Array<[string, Record<string, unknown>, RegExp]> = [
      ['groups without `streets`', { services: { ticketing: { streetGroups: [{ name: 's01', streets: ['s01'] }] } } }, /needs the district's street codes/],
      [
        'a street in two groups',
        { streets: ['s01', 's02'], services: { ticketing: { streetGroups: [{ name: 'a', streets: ['s01'] }, { name: 'b', streets: ['s01'] }] } } },
        /street s01 is in two groups/,
      ],
      ['a group street not in `streets`', { streets: ['s01'], services: { dispatch: { streetGroups: [{ name: 'x', streets: ['s09'] }] } } }, /s09 is not in `streets`/],
    ];
    for (const [what, override, message] of templateRefusals) {
      expect([what, validate(mergeValues(defaults, override))]).toEqual([what, true]);
      const r = helm(t, ['template', 'gz', CHART, '-f', valuesFile(what.replace(/\W+/g, '-'), override)]);
      expect([what, r.status]).toEqual([what, 1]);
      expect(r.out).toMatch(message);
    }
  });

  it('has a Kubernetes schema check that refuses a broken object and an unknown kind', () => {
    const deployment = rendered.get('(defaults)')!.find((o) => o.kind === 'Deployment')!;
    expect(schemaErrors(deployment)).toEqual([]);
    const broken = structuredClone(deployment);
    broken.spec.replicas = 'two';
    delete broken.spec.selector;
    expect(schemaErrors(broken).join()).toMatch(/replicas must be integer|selector/);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'Nonsense', metadata: { name: 'x' } })).toEqual(['v1 Nonsense has no schema in kubernetes-models']);
  });

  it('renders objects that the Kubernetes schemas accept, for every example', () => {
    for (const [file, objects] of rendered) {
      const errors = objects.flatMap(schemaErrors);
      expect([file, errors]).toEqual([file, []]);
      const kinds = new Set(objects.map((o) => o.kind));
      expect([file, ['Deployment', 'Service', 'PodDisruptionBudget', 'NetworkPolicy', 'ConfigMap'].filter((k) => !kinds.has(k))]).toEqual([file, []]);
    }
    // the one custom resource, checked by hand: it scrapes the release's Services on their http port
    const monitor = rendered.get('production-values.yaml')!.find((o) => CUSTOM_KINDS.has(`${o.apiVersion}/${o.kind}`))!;
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
  });

  it('makes a Deployment for every bus service of the image, each a non-root pod with probes and an app to run', () => {
    const known = apps();
    for (const [file, objects] of rendered) {
      const deployments = objects.filter((o) => o.kind === 'Deployment');
      for (const d of deployments) {
        const pod = d.spec.template.spec;
        const container = pod.containers[0];
        const app = envOf(d, 'APP')!;
        expect([file, d.metadata.name, known.includes(app)]).toEqual([file, d.metadata.name, true]);
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
        expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
        expect(container.livenessProbe.httpGet.path).toBe('/health/live');
        // a PodDisruptionBudget keeps each Deployment's pods through node drains
        const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec.selector.matchLabels, d.spec.template.metadata.labels));
        expect([file, d.metadata.name, pdbs.length]).toEqual([file, d.metadata.name, 1]);
        // an autoscaled Deployment leaves its replica count to the HPA
        const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === d.metadata.name);
        if (hpa) expect(d.spec.replicas).toBeUndefined();
      }
      // every service of the image is deployed by the defaults (dispatch is off in full-values on purpose)
      if (file !== 'full-values.yaml') {
        const deployedApps = new Set(deployments.map((d) => envOf(d, 'APP')));
        expect([file, deployableServices().filter((s) => !deployedApps.has(s))]).toEqual([file, []]);
      }
    }
  });

  it("splits a street group's streets from its service's default group: each street and `all` served once", () => {
    for (const [file, objects] of rendered) {
      const values = mergeValues(defaults, file.startsWith('(') ? {} : (parse(readFileSync(path.join(CHART, 'ci', file), 'utf8')) as Record<string, unknown>));
      const streets = (values.streets as string[]) ?? [];
      const byApp = new Map<string, string[]>();
      for (const d of objects.filter((o) => o.kind === 'Deployment' && envOf(o, 'APP') !== 'gateway')) {
        const app = envOf(d, 'APP')!;
        byApp.set(app, [...(byApp.get(app) ?? []), envOf(d, 'STREETS') ?? '*']);
      }
      for (const [app, lists] of byApp) {
        if (lists.length === 1) {
          expect([file, app, lists]).toEqual([file, app, ['*']]);
          continue;
        }
        const tokens = lists.flatMap((l) => l.split(','));
        expect([file, app, lists.includes('*')]).toEqual([file, app, false]);
        for (const street of [...streets, 'all']) expect([file, app, street, tokens.filter((s) => s === street).length]).toEqual([file, app, street, 1]);
      }
    }
    // the district example: s03 has Deployments of its own for ticketing and dispatch
    const district = rendered.get('district-values.yaml')!;
    const streetsOf = (name: string) => envOf(district.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!, 'STREETS');
    expect(streetsOf('gz-gongzhi-ticketing-s03')).toBe('s03');
    expect(streetsOf('gz-gongzhi-ticketing')).toBe('s01,s02,s04,s05,all');
    expect(streetsOf('gz-gongzhi-dispatch-s03')).toBe('s03');
    expect(district.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'gz-gongzhi-ticketing-s03')?.spec).toMatchObject({ minReplicas: 2, maxReplicas: 8 });
  });

  it('lets only the gateway be reached from outside; services reach only NATS, PostgreSQL and DNS', () => {
    for (const [file, objects] of rendered) {
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
      const pods = objects.filter((o) => o.kind === 'Deployment').map((d) => ({ app: envOf(d, 'APP')!, labels: d.spec.template.metadata.labels as Record<string, string> }));
      const applying = (labels: Record<string, string>) => policies.filter((p) => selects(p.spec.podSelector.matchLabels, labels));
      for (const pod of pods) {
        const own = applying(pod.labels);
        // the default deny and one policy of its tier
        expect([file, pod.app, own.length]).toEqual([file, pod.app, 2]);
        expect(own.every((p) => p.spec.policyTypes.includes('Ingress') && p.spec.policyTypes.includes('Egress'))).toBe(true);
        const ingress = own.flatMap((p) => p.spec.ingress ?? []);
        if (pod.app === 'gateway') {
          expect(ingress.map((r: { ports: Array<{ port: string }> }) => r.ports.map((x) => x.port))).toEqual([['http']]);
        } else {
          // nobody, or only the metrics scrapers named in the values
          expect(ingress.every((r: { from?: unknown[] }) => (r.from ?? []).length > 0)).toBe(true);
        }
        const ports = new Set(
          own
            .flatMap((p) => p.spec.egress ?? [])
            .flatMap((r: { ports?: Array<{ port: number }> }) => (r.ports ?? []).map((x) => x.port)),
        );
        const allowed = pod.app === 'gateway' ? [4222, 53, 4318] : [4222, 5432, 53, 4318];
        expect([file, pod.app, [...ports].filter((p) => !allowed.includes(p))]).toEqual([file, pod.app, []]);
        if (pod.app === 'gateway') expect(ports.has(5432)).toBe(false);
      }
    }
  });

  it('sets every setting its templates read from a services entry in the values schema', () => {
    // a key the templates use but the schema lacks would be refused in every values file
    const service = (schema as { definitions: { service: { properties: Record<string, unknown> } } }).definitions.service.properties;
    for (const key of Object.keys(defaults.serviceDefaults as object)) expect([key, key in service]).toEqual([key, true]);
  });
});
