// StatefulSets and DaemonSets: SetDefaults_StatefulSet/SetDefaults_DaemonSet
// (pkg/apis/apps/v1/defaults.go) and ValidateStatefulSet*/ValidateDaemonSet* messages
// (pkg/apis/apps/validation/validation.go).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { fakeContext, rendered, write } from '../testdata/context';

const template = (
  labels: Record<string, string> | undefined,
  spec: Record<string, unknown> = {},
) => ({
  metadata: labels ? { labels } : {},
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec },
});
const sts = (spec: Record<string, unknown>, name = 'db'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: 'default' },
  spec: {
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: template({ app: 'db' }),
    ...spec,
  },
});
const ds = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: template({ app: 'agent' }),
    ...spec,
  },
});

describe('StatefulSet', () => {
  it('gets the apps/v1 defaults and a zero status', () => {
    const { object, causes } = write('statefulsets', sts({}));
    assert.deepEqual(causes, []);
    const spec = object.spec as Record<string, unknown>;
    assert.equal(spec.replicas, 1);
    assert.equal(spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(spec.updateStrategy, {
      type: 'RollingUpdate',
      rollingUpdate: { partition: 0 },
    });
    assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, {
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.deepEqual(object.status, { replicas: 0, availableReplicas: 0 });
  });
  it('keeps an OnDelete strategy without a rollingUpdate', () => {
    const { object } = write('statefulsets', sts({ updateStrategy: { type: 'OnDelete' } }));
    assert.deepEqual((object.spec as Record<string, unknown>).updateStrategy, { type: 'OnDelete' });
  });

  const cases: { name: string; object: KubeObject; want: string[] }[] = [
    {
      name: 'pod management and update strategy values',
      object: sts({ podManagementPolicy: 'Random', updateStrategy: { type: 'Canary' } }),
      want: [
        "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
        "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Canary\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'",
      ],
    },
    {
      name: 'rollingUpdate only with RollingUpdate',
      object: sts({ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } }),
      want: [
        "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
      ],
    },
    {
      name: 'the Go values of a strategy whose pointers are set',
      object: sts({
        updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 2, maxUnavailable: 1 } },
      }),
      want: [
        "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:2, MaxUnavailable:(*intstr.IntOrString)(0xc000010020)}: only allowed for updateStrategy 'RollingUpdate'",
      ],
    },
    {
      name: 'an unknown strategy type with a rollingUpdate',
      object: sts({ updateStrategy: { type: 'Canary', rollingUpdate: { partition: 0 } } }),
      want: [
        "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Canary\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(0xc000010000)}: must be 'RollingUpdate' or 'OnDelete'",
      ],
    },
    {
      name: 'partition and maxUnavailable',
      object: sts({
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { partition: -1, maxUnavailable: 0 },
        },
      }),
      want: [
        'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: cannot be 0',
      ],
    },
    {
      name: 'selector required, and must match the template',
      object: sts({ selector: undefined }),
      want: [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"db"}: `selector` does not match template `labels`',
      ],
    },
    {
      name: 'an empty selector',
      object: sts({ selector: {} }),
      want: [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset',
      ],
    },
    {
      name: 'controller pods always restart and have no deadline',
      object: sts({
        template: template({ app: 'db' }, { restartPolicy: 'Never', activeDeadlineSeconds: 5 }),
      }),
      want: [
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
        'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
      ],
    },
    {
      name: 'names are DNS labels',
      object: sts({}, 'db.primary'),
      want: [
        "metadata.name: Invalid value: \"db.primary\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    },
    {
      name: 'the pod spec itself is not validated, as upstream',
      object: sts({ template: template({ app: 'db' }, { containers: [] }) }),
      want: [],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(rendered(write('statefulsets', c.object).causes), c.want));

  // 1.27–1.33's ValidatePodTemplateSpecForStatefulSet leaves its ValidatePodTemplateSpec call
  // commented out; containers, probes and resources are first validated in 1.34.
  for (const minor of [27, 33])
    it(`a template container without an image, with a two-handler probe and requests over limits, is accepted (1.${minor})`, () => {
      const bad = {
        containers: [
          {
            name: 'c',
            livenessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } },
            resources: { requests: { cpu: '2' }, limits: { cpu: '1' } },
          },
        ],
      };
      const { causes } = write('statefulsets', sts({ template: template({ app: 'db' }, bad) }), {
        ctx: fakeContext([], minor),
      });
      assert.deepEqual(rendered(causes), []);
      // The same template on a Deployment is refused, so the test would see PodSpec validation.
      const deployment = { ...sts({ template: template({ app: 'db' }, bad) }), kind: 'Deployment' };
      assert.equal(
        write('deployments', deployment, { ctx: fakeContext([], minor) }).causes.length,
        3,
      );
    });

  it('lets replicas, template, updateStrategy and minReadySeconds change, nothing else', () => {
    const before = write('statefulsets', sts({ replicas: 2 })).object;
    const scaled = structuredClone(before);
    Object.assign(scaled.spec as object, { replicas: 5, minReadySeconds: 3 });
    assert.deepEqual(write('statefulsets', scaled, { previous: before }).causes, []);
    const renamed = structuredClone(before);
    Object.assign(renamed.spec as object, { serviceName: 'other' });
    assert.deepEqual(rendered(write('statefulsets', renamed, { previous: before }).causes), [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });
});

describe('DaemonSet', () => {
  it('gets the apps/v1 defaults and a zero status', () => {
    const { object, causes } = write('daemonsets', ds({}));
    assert.deepEqual(causes, []);
    const spec = object.spec as Record<string, unknown>;
    assert.deepEqual(spec.updateStrategy, {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.deepEqual(object.status, {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
  });

  const cases: { name: string; object: KubeObject; want: string[] }[] = [
    {
      name: 'a nil selector matches no template',
      object: ds({ selector: undefined }),
      want: [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`',
      ],
    },
    {
      name: 'an empty selector',
      object: ds({ selector: {} }),
      want: [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
      ],
    },
    {
      name: 'the pod spec is validated',
      object: ds({ template: template({ app: 'agent' }, { containers: [] }) }),
      want: ['spec.template.spec.containers: Required value'],
    },
    {
      name: 'maxSurge and maxUnavailable may not both be set',
      object: ds({
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 1, maxSurge: '10%' },
        },
      }),
      want: [
        'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"10%"}: may not be set when maxUnavailable is non-zero',
      ],
    },
    {
      name: 'nor both be zero',
      object: ds({
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' },
        },
      }),
      want: [
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
      ],
    },
    {
      name: 'percent strings',
      object: ds({
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 'half' } },
      }),
      want: [
        "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"half\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
      ],
    },
    {
      name: 'update strategy types',
      object: ds({ updateStrategy: { type: 'Partitioned' } }),
      want: [
        'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Partitioned", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
      ],
    },
    {
      name: 'an unknown strategy type with a rollingUpdate',
      object: ds({ updateStrategy: { type: 'Partitioned', rollingUpdate: { maxUnavailable: 1 } } }),
      want: [
        'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Partitioned", RollingUpdate:(*apps.RollingUpdateDaemonSet)(0xc000010000)}: supported values: "RollingUpdate", "OnDelete"',
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(rendered(write('daemonsets', c.object).causes), c.want));

  it('has an immutable selector in apps/v1', () => {
    const before = write('daemonsets', ds({})).object;
    const after = structuredClone(before);
    const spec = after.spec as Record<string, unknown>;
    spec.selector = { matchLabels: { app: 'agent', tier: 'x' } };
    spec.template = template({ app: 'agent', tier: 'x' });
    assert.deepEqual(rendered(write('daemonsets', after, { previous: before }).causes), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"agent", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
});
