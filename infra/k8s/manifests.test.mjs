// The Kubernetes manifests stay valid (issue 18): every document is checked against the
// Kubernetes API's JSON schemas (kubernetes-models, the way kubeconform does), then against what
// the app needs: probes on /api/health, resources, secrets by reference, selectors that match.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { kindFile, unknownFields } from './strict-fields.mjs';

const dir = fileURLToPath(new URL('.', import.meta.url));
const MODELS = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
};
/** Keys of the Secret the operator creates (docs/operations.md). */
const SECRET_KEYS = [
  'DATABASE_URL',
  'MEILI_URL',
  'MEILI_MASTER_KEY',
  'REDIS_URL',
  'METRICS_TOKEN',
  'TOTP_ENCRYPTION_KEY',
  'SMTP_URL',
  'MAIL_FROM',
];

const kustomization = parseAllDocuments(readFileSync(`${dir}kustomization.yaml`, 'utf8'))[0].toJS();
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const docs = files.flatMap((file) =>
  parseAllDocuments(readFileSync(`${dir}${file}`, 'utf8')).map((doc) => {
    assert.deepEqual(doc.errors, [], `${file} is not valid YAML`);
    return { file, object: doc.toJS() };
  }),
);
const find = (kind) => {
  const found = docs.filter((d) => d.object.kind === kind).map((d) => d.object);
  assert.equal(found.length, 1, `exactly one ${kind}`);
  return found[0];
};

/** Strict schema validation; unknown kinds are refused, not skipped, and so are unknown fields. */
function validate(object) {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  assert.ok(Model, `no schema known for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
  const unknown = unknownFields(object, kindFile(object.apiVersion, object.kind));
  if (unknown.length) throw new Error(`unknown fields: ${unknown.join(', ')}`);
}

test('every manifest is listed in the kustomization', () => {
  assert.deepEqual([...kustomization.resources].sort(), [...files].sort());
});

test('every document validates against the Kubernetes schemas', () => {
  for (const { file, object } of docs) {
    assert.doesNotThrow(() => validate(object), `${file}: ${object.kind}`);
  }
});

test('the validator refuses a broken manifest (the check is real)', () => {
  const deployment = structuredClone(find('Deployment'));
  deployment.spec.template.spec.containers[0].ports[0].containerPort = 'three thousand';
  assert.throws(() => validate(deployment), /containerPort/);
  const hpa = structuredClone(find('HorizontalPodAutoscaler'));
  delete hpa.spec.maxReplicas;
  assert.throws(() => validate(hpa), /maxReplicas/);
  const typo = structuredClone(find('Deployment'));
  const container = typo.spec.template.spec.containers[0];
  container.readinesProbe = container.readinessProbe;
  typo.spec.template.spec.containers[0].livenessProbe.httpGet.paht = '/x';
  assert.throws(() => validate(typo), /containers\/0\/readinesProbe/);
  assert.throws(() => validate(typo), /livenessProbe\/httpGet\/paht/);
});

test('the app probes /api/health, has resources, reads secrets by reference, never migrates itself', () => {
  const deployment = find('Deployment');
  const [app] = deployment.spec.template.spec.containers;
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    assert.equal(app[probe].httpGet.path, '/api/health', probe);
    assert.equal(app[probe].httpGet.port, 'http', probe);
  }
  assert.ok(app.resources.requests.cpu, 'a CPU request (the autoscaler works from it)');
  assert.ok(app.resources.requests.memory && app.resources.limits.memory);
  assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0);
  const refs = app.env
    .filter((e) => e.valueFrom?.secretKeyRef)
    .map((e) => e.valueFrom.secretKeyRef);
  assert.ok(refs.length >= 5);
  for (const ref of refs) {
    assert.equal(ref.name, 'briefroom-secrets');
    assert.ok(SECRET_KEYS.includes(ref.key), ref.key);
  }
  assert.ok(
    !app.env.some((e) => e.value && /password|secret|key/i.test(e.name)),
    'no inline secret',
  );
  assert.equal(find('ConfigMap').data.RUN_MIGRATIONS, 'false');
  assert.deepEqual(app.envFrom, [{ configMapRef: { name: 'briefroom-config' } }]);
});

test('the migration Job runs the migrate command of the same image', () => {
  const job = find('Job');
  const [container] = job.spec.template.spec.containers;
  assert.equal(container.image, find('Deployment').spec.template.spec.containers[0].image);
  assert.deepEqual(container.command, ['node', 'api/dist/database/cli.js', 'migrate']);
  assert.equal(job.spec.template.spec.restartPolicy, 'Never');
  assert.equal(container.env[0].valueFrom.secretKeyRef.key, 'DATABASE_URL');
});

test('service, autoscaler, disruption budget and ingress point at the app', () => {
  const deployment = find('Deployment');
  const labels = deployment.spec.template.metadata.labels;
  const matches = (selector) =>
    Object.entries(selector).every(([key, value]) => labels[key] === value);
  const service = find('Service');
  assert.ok(matches(service.spec.selector));
  assert.equal(service.spec.ports[0].targetPort, 'http');
  const pdb = find('PodDisruptionBudget');
  assert.ok(matches(pdb.spec.selector.matchLabels));
  assert.ok(pdb.spec.minAvailable < deployment.spec.replicas || pdb.spec.maxUnavailable >= 1);
  const hpa = find('HorizontalPodAutoscaler');
  assert.deepEqual(hpa.spec.scaleTargetRef, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: deployment.metadata.name,
  });
  assert.equal(hpa.spec.metrics[0].resource.name, 'cpu');
  assert.ok(hpa.spec.minReplicas >= 2, 'two replicas at least, so a drain keeps serving');
  const ingress = find('Ingress');
  const backend = ingress.spec.rules[0].http.paths[0].backend.service;
  assert.equal(backend.name, service.metadata.name);
  assert.equal(backend.port.name, service.spec.ports[0].name);
  // socket.io connections are long-lived: the proxy must not cut them after a minute.
  assert.ok(
    Number(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']) >= 3600,
  );
});
