// Pods, Deployments, ReplicaSets, Namespaces, Nodes and Events: defaults and validation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { rendered, write } from '../testdata/context';
import { defaultPullPolicy } from './pod-spec';

const pod = (spec: Record<string, unknown>, name = 'web-1'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec,
});
const deployment = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment', namespace: 'default' },
  spec,
});
const template = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: {
    containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
    ...extra,
  },
});

describe('image pull policy default', () => {
  const cases: [string, string][] = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry:5000/team/app', 'Always'],
    ['registry:5000/team/app:v2', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'],
  ];
  for (const [image, want] of cases) it(image, () => assert.equal(defaultPullPolicy(image), want));
});

describe('pods', () => {
  it('gets the apiserver defaults', () => {
    const { object, causes } = write(
      'pods',
      pod({
        containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, name: 'http' }] }],
      }),
    );
    assert.deepEqual(causes, []);
    const spec = object.spec as Record<string, unknown>;
    assert.equal(spec.restartPolicy, 'Always');
    assert.equal(spec.dnsPolicy, 'ClusterFirst');
    assert.equal(spec.terminationGracePeriodSeconds, 30);
    assert.equal(spec.schedulerName, 'default-scheduler');
    assert.equal(spec.serviceAccountName, 'default');
    assert.equal(spec.enableServiceLinks, true);
    const c = (spec.containers as Record<string, unknown>[])[0] ?? {};
    assert.equal(c.imagePullPolicy, 'Always');
    assert.equal(c.terminationMessagePath, '/dev/termination-log');
    assert.equal(c.terminationMessagePolicy, 'File');
    assert.deepEqual(c.ports, [{ containerPort: 80, name: 'http', protocol: 'TCP' }]);
    assert.deepEqual(
      (spec.tolerations as { key: string }[]).map((t) => t.key),
      ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'],
    );
    assert.deepEqual(object.status, { phase: 'Pending', qosClass: 'BestEffort' });
  });

  const cases: { name: string; object: KubeObject; want: string[] }[] = [
    { name: 'containers required', object: pod({}), want: ['spec.containers: Required value'] },
    {
      name: 'container name and image required',
      object: pod({ containers: [{}] }),
      want: ['spec.containers[0].name: Required value', 'spec.containers[0].image: Required value'],
    },
    {
      name: 'duplicate container names',
      object: pod({
        containers: [
          { name: 'a', image: 'x' },
          { name: 'a', image: 'y' },
        ],
      }),
      want: ['spec.containers[1].name: Duplicate value: "a"'],
    },
    {
      name: 'containerPort range',
      object: pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] }),
      want: [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    },
    {
      name: 'container port name is an IANA_SVC_NAME',
      object: pod({
        containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, name: 'HTTP' }] }],
      }),
      want: [
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      ],
    },
    {
      name: 'port names are unique within a container',
      object: pod({
        containers: [
          {
            name: 'a',
            image: 'x',
            ports: [
              { containerPort: 80, name: 'http' },
              { containerPort: 81, name: 'http' },
            ],
          },
          { name: 'b', image: 'x', ports: [{ containerPort: 82, name: 'http' }] },
        ],
      }),
      want: ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
    },
    {
      name: 'restartPolicy values',
      object: pod({ restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'x' }] }),
      want: [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
      ],
    },
    {
      name: 'pod names are subdomains',
      object: pod({ containers: [{ name: 'a', image: 'x' }] }, 'web.1'),
      want: [],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(rendered(write('pods', c.object).causes), c.want));

  it('spec is immutable apart from images; nodeName may be bound once', () => {
    const created = write('pods', pod({ containers: [{ name: 'a', image: 'x:1' }] })).object;
    const image = structuredClone(created);
    ((image.spec as { containers: { image: string }[] }).containers[0] ?? { image: '' }).image =
      'x:2';
    assert.deepEqual(write('pods', image, { previous: created }).causes, []);
    const bound = structuredClone(created);
    (bound.spec as Record<string, unknown>).nodeName = 'node-1';
    assert.deepEqual(write('pods', bound, { previous: created }).causes, []);
    const changed = structuredClone(bound);
    (changed.spec as Record<string, unknown>).nodeName = 'node-2';
    assert.deepEqual(rendered(write('pods', changed, { previous: bound }).causes), [
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ]);
  });
});

describe('deployments and replicasets', () => {
  it('defaults a Deployment like apps/v1', () => {
    const { object, causes } = write(
      'deployments',
      deployment({
        selector: { matchLabels: { app: 'nginx' } },
        template: template({ app: 'nginx' }),
      }),
    );
    assert.deepEqual(causes, []);
    const spec = object.spec as Record<string, unknown>;
    assert.equal(spec.replicas, 1);
    assert.deepEqual(spec.strategy, {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.equal(spec.progressDeadlineSeconds, 600);
    const podSpec = (spec.template as { spec: Record<string, unknown> }).spec;
    assert.equal(podSpec.restartPolicy, 'Always');
    assert.equal(podSpec.serviceAccountName, undefined, 'templates get no admission defaults');
  });

  const cases: { name: string; object: KubeObject; want: string[] }[] = [
    {
      name: 'selector required',
      object: deployment({ template: template({ app: 'nginx' }) }),
      want: ['spec.selector: Required value'],
    },
    {
      name: 'selector must match template labels',
      object: deployment({
        selector: { matchLabels: { app: 'nginx' } },
        template: template({ app: 'web' }),
      }),
      want: [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    },
    {
      name: 'empty selector',
      object: deployment({ selector: {}, template: template({ app: 'nginx' }) }),
      want: [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    },
    {
      name: 'matchExpressions are honoured',
      object: deployment({
        selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
        template: template({ tier: 'api' }),
      }),
      want: [],
    },
    {
      name: 'In without values',
      object: deployment({
        selector: { matchExpressions: [{ key: 'tier', operator: 'In' }] },
        template: template({ tier: 'api' }),
      }),
      want: [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.template.metadata.labels: Invalid value: map[string]string{"tier":"api"}: `selector` does not match template `labels`',
      ],
    },
    {
      name: 'negative replicas',
      object: deployment({
        replicas: -1,
        selector: { matchLabels: { app: 'a' } },
        template: template({ app: 'a' }),
      }),
      want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'template restartPolicy must be Always',
      object: deployment({
        selector: { matchLabels: { app: 'a' } },
        template: template({ app: 'a' }, { restartPolicy: 'Never' }),
      }),
      want: [
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      ],
    },
    {
      name: 'template containers are validated',
      object: deployment({
        selector: { matchLabels: { app: 'a' } },
        template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'a' }] } },
      }),
      want: ['spec.template.spec.containers[0].image: Required value'],
    },
    {
      name: 'strategy type',
      object: deployment({
        strategy: { type: 'BlueGreen' },
        selector: { matchLabels: { app: 'a' } },
        template: template({ app: 'a' }),
      }),
      want: [
        'spec.strategy.type: Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"',
      ],
    },
    {
      name: 'Recreate with rollingUpdate',
      object: deployment({
        strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } },
        selector: { matchLabels: { app: 'a' } },
        template: template({ app: 'a' }),
      }),
      want: [
        "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
      ],
    },
    {
      name: 'maxSurge and maxUnavailable both 0',
      object: deployment({
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
        selector: { matchLabels: { app: 'a' } },
        template: template({ app: 'a' }),
      }),
      want: [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0',
      ],
    },
    {
      name: 'progressDeadlineSeconds > minReadySeconds',
      object: deployment({
        minReadySeconds: 700,
        selector: { matchLabels: { app: 'a' } },
        template: template({ app: 'a' }),
      }),
      want: [
        'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(rendered(write('deployments', c.object).causes), c.want));

  it('selector is immutable', () => {
    const before = write(
      'deployments',
      deployment({
        selector: { matchLabels: { app: 'a' } },
        template: template({ app: 'a', v: '1' }),
      }),
    ).object;
    const after = structuredClone(before);
    (after.spec as Record<string, unknown>).selector = { matchLabels: { app: 'a', v: '1' } };
    assert.deepEqual(rendered(write('deployments', after, { previous: before }).causes), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"a", "v":"1"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('ReplicaSets: replicas default and the same selector rules', () => {
    const rs = {
      ...deployment({ selector: { matchLabels: { app: 'a' } }, template: template({ app: 'b' }) }),
      kind: 'ReplicaSet',
    };
    const { object, causes } = write('replicasets', rs);
    assert.equal((object.spec as Record<string, unknown>).replicas, 1);
    assert.equal((object.spec as Record<string, unknown>).strategy, undefined);
    assert.deepEqual(rendered(causes), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`',
    ]);
  });
});

describe('namespaces, nodes, events', () => {
  it('namespace defaults: phase Active, finalizer, name label', () => {
    const { object, causes } = write('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    });
    assert.deepEqual(causes, []);
    assert.deepEqual(object.metadata.labels, { 'kubernetes.io/metadata.name': 'shop' });
    assert.deepEqual(object.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(object.status, { phase: 'Active' });
  });
  it('namespace names are DNS labels', () => {
    assert.deepEqual(
      rendered(
        write('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'my.ns' } })
          .causes,
      ),
      [
        "metadata.name: Invalid value: \"my.ns\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    );
  });
  it('cluster-scoped kinds may not carry a namespace', () => {
    assert.deepEqual(
      rendered(
        write('nodes', {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: 'node-1', namespace: 'default' },
        }).causes,
      ),
      ['metadata.namespace: Forbidden: not allowed on this type'],
    );
  });
  it('event involvedObject namespace must match', () => {
    const ev = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'x.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' },
    };
    assert.deepEqual(rendered(write('events', ev).causes), [
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
  });
  it('annotation keys are qualified names', () => {
    const ns = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'a', annotations: { 'Example.com/Key': 'v', 'bad key': 'v' } },
    };
    assert.deepEqual(rendered(write('namespaces', ns).causes), [
      "metadata.annotations: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
  });
});
