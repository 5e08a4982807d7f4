// The alert rules and the dashboard watch metrics that exist (issue 18). promtool is not at hand,
// so the rules are checked for shape here, and every metric they name must be one the app exports
// (found in api/src) or one of the standard exporters named below.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = fileURLToPath(new URL('.', import.meta.url));
const apiSrc = fileURLToPath(new URL('../../api/src', import.meta.url));
/** Metrics from outside the app: Prometheus itself, node_exporter and the kubelet. */
const EXTERNAL_METRICS = new Set([
  'up',
  'node_filesystem_avail_bytes',
  'node_filesystem_size_bytes',
  'kubelet_volume_stats_available_bytes',
]);
const PROMQL_WORDS = new Set(
  `sum rate irate increase max min avg count by without on ignoring group_left group_right and or
   unless histogram_quantile clamp_min clamp_max topk bottomk predict_linear label_values bool offset
   le job instance status route method fstype mountpoint persistentvolumeclaim __rate_interval
   __all`.split(/\s+/),
);

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** What /api/metrics exports: the app's own metrics and prom-client's defaults, prefixed. */
function exportedMetrics() {
  const names = new Set();
  for (const file of sourceFiles(apiSrc))
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/name: '(briefroom_[a-z0-9_]+)'/g))
      names.add(name);
  const requireFromApi = createRequire(join(apiSrc, '..', 'package.json'));
  const { Registry, collectDefaultMetrics } = requireFromApi('prom-client');
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'briefroom_' });
  for (const metric of registry.getMetricsAsArray()) names.add(metric.name);
  return names;
}
const EXPORTED = exportedMetrics();

/** The metric names an expression reads (identifiers that are not PromQL words or label names). */
function metricsIn(expr) {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '{}');
  const withoutRanges = withoutStrings
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/(?<![A-Za-z0-9_])\d+(\.\d+)?(e[-+]?\d+)?/gi, '0');
  return [...withoutRanges.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .map(([word]) => word)
    .filter((word) => !PROMQL_WORDS.has(word) && !/^\d/.test(word) && !/^e\d+$/.test(word));
}

function assertKnown(metric, where) {
  const base = metric.replace(/_(bucket|count|sum)$/, '');
  assert.ok(
    EXPORTED.has(metric) || EXPORTED.has(base) || EXTERNAL_METRICS.has(metric),
    `${where}: ${metric} is no metric the app or a standard exporter exports`,
  );
}

function assertBalanced(text, where) {
  let depth = 0;
  for (const char of text) {
    if ('({['.includes(char)) depth++;
    if (')}]'.includes(char)) depth--;
    assert.ok(depth >= 0, `${where}: unbalanced brackets`);
  }
  assert.equal(depth, 0, `${where}: unbalanced brackets`);
}

const rules = parse(readFileSync(join(here, 'alerts.yaml'), 'utf8'));
const allRules = rules.groups.flatMap((group) => group.rules);

test('the app exports what the checks look for (the metric list is real)', () => {
  for (const name of [
    'briefroom_http_request_duration_seconds',
    'briefroom_search_outbox_oldest_age_seconds',
    'briefroom_job_failures_total',
    'briefroom_emails_failed_total',
    'briefroom_process_cpu_seconds_total',
  ])
    assert.ok(EXPORTED.has(name), name);
  assert.throws(() => assertKnown('briefroom_made_up_total', 'test'), /made_up/);
});

test('alert rules have the shape Prometheus loads', () => {
  assert.ok(Array.isArray(rules.groups) && rules.groups.length > 0);
  const names = new Set();
  for (const group of rules.groups) {
    assert.match(group.name, /^[a-z.]+$/);
    assert.ok(group.rules.length > 0, group.name);
    for (const rule of group.rules) {
      assert.deepEqual(
        Object.keys(rule).sort(),
        ['alert', 'annotations', 'expr', 'for', 'labels'],
        rule.alert,
      );
      assert.match(rule.alert, /^Briefroom[A-Z][A-Za-z0-9]+$/);
      assert.ok(!names.has(rule.alert), `${rule.alert} twice`);
      names.add(rule.alert);
      assert.match(rule.for, /^\d+[smh]$/, rule.alert);
      assert.ok(['page', 'warn'].includes(rule.labels.severity), rule.alert);
      assert.ok(rule.annotations.summary && rule.annotations.description, rule.alert);
      assertBalanced(rule.expr, rule.alert);
      for (const text of Object.values(rule.annotations))
        assert.equal(text.split('{{').length, text.split('}}').length, `${rule.alert} template`);
    }
  }
});

test('every metric an alert reads exists', () => {
  for (const rule of allRules)
    for (const metric of metricsIn(rule.expr)) assertKnown(metric, rule.alert);
});

test('the alerts cover 5xx rate, p99 latency, outbox age, job failures, e-mail failures and disk', () => {
  const covers = (pattern) => allRules.some((rule) => pattern.test(rule.expr));
  assert.ok(covers(/briefroom_http_request_duration_seconds_count\{status=~"5\.\."\}/), '5xx');
  assert.ok(covers(/histogram_quantile\(0\.99,/), 'p99');
  assert.ok(covers(/briefroom_search_outbox_oldest_age_seconds/), 'outbox age');
  assert.ok(covers(/briefroom_job_failures_total/), 'job failures');
  assert.ok(covers(/briefroom_emails_failed_total/), 'e-mail failures');
  assert.ok(covers(/node_filesystem_avail_bytes|kubelet_volume_stats_available_bytes/), 'disk');
});

test('the Grafana dashboard is valid JSON whose panels read existing metrics', () => {
  const dashboard = JSON.parse(readFileSync(join(here, 'grafana-dashboard.json'), 'utf8'));
  assert.equal(dashboard.uid, 'briefroom-overview');
  const ids = new Set();
  let targets = 0;
  for (const panel of dashboard.panels) {
    assert.ok(!ids.has(panel.id), `panel id ${panel.id} twice`);
    ids.add(panel.id);
    assert.ok(panel.gridPos.x + panel.gridPos.w <= 24, panel.title);
    for (const target of panel.targets ?? []) {
      targets++;
      assertBalanced(target.expr, panel.title);
      for (const metric of metricsIn(target.expr)) assertKnown(metric, panel.title);
    }
  }
  assert.ok(targets >= 10);
  for (const variable of dashboard.templating.list)
    if (variable.definition)
      for (const metric of metricsIn(variable.definition)) assertKnown(metric, variable.name);
});
