// RBAC kinds: the defaults of pkg/apis/rbac/v1/defaults.go and the rules and messages of
// pkg/apis/rbac/validation/validation.go (cases after its validation_test.go).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { rendered, write } from '../testdata/context';

const G = 'rbac.authorization.k8s.io';
const role = (rules: unknown, namespace?: string, extra: Record<string, unknown> = {}) =>
  ({
    apiVersion: `${G}/v1`,
    kind: namespace ? 'Role' : 'ClusterRole',
    metadata: namespace ? { name: 'reader', namespace } : { name: 'reader' },
    rules,
    ...extra,
  }) as KubeObject;
const binding = (roleRef: unknown, subjects: unknown, namespace?: string) =>
  ({
    apiVersion: `${G}/v1`,
    kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata: namespace ? { name: 'b', namespace } : { name: 'b' },
    roleRef,
    subjects,
  }) as KubeObject;

describe('Role and ClusterRole validation', () => {
  const cases: { name: string; cluster?: boolean; object: KubeObject; want: string[] }[] = [
    {
      name: 'a valid resource rule',
      object: role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], 'default'),
      want: [],
    },
    {
      name: 'verbs are required',
      object: role([{ apiGroups: [''], resources: ['pods'] }], 'default'),
      want: ['rules[0].verbs: Required value: verbs must contain at least one value'],
    },
    {
      name: 'resource rules need api groups and resources',
      object: role([{ verbs: ['get'] }], 'default'),
      want: [
        'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
        'rules[0].resources: Required value: resource rules must supply at least one resource',
      ],
    },
    {
      name: 'resource names apply to one resource',
      object: role(
        [
          {
            apiGroups: [''],
            resources: ['pods', 'services'],
            resourceNames: ['x'],
            verbs: ['get'],
          },
        ],
        'default',
      ),
      want: [
        'rules[0].resourceNames: Required value: resource names cannot apply to multiple resources',
      ],
    },
    {
      name: 'non-resource URLs are not for namespaced roles',
      object: role([{ nonResourceURLs: ['/healthz'], verbs: ['get'] }], 'default'),
      want: [
        'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
      ],
    },
    {
      name: 'non-resource URLs in a ClusterRole',
      cluster: true,
      object: role([{ nonResourceURLs: ['/healthz', '/version'], verbs: ['get'] }]),
      want: [],
    },
    {
      name: 'non-resource URLs never with resources',
      cluster: true,
      object: role([{ nonResourceURLs: ['/healthz'], resources: ['pods'], verbs: ['get'] }]),
      want: [
        'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both regular resources and non-resource URLs',
      ],
    },
    {
      name: 'names only need to be path segments',
      cluster: true,
      object: {
        ...role([]),
        metadata: { name: 'system:controller:Weird_Name' },
      },
      want: [],
    },
    {
      name: 'a name with a slash',
      cluster: true,
      object: { ...role([]), metadata: { name: 'a/b' } },
      want: ['metadata.name: Invalid value: "a/b": may not contain \'/\''],
    },
    {
      name: 'an aggregation rule needs a selector',
      cluster: true,
      object: role(null, undefined, { aggregationRule: { clusterRoleSelectors: [] } }),
      want: [
        'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () =>
      assert.deepEqual(
        rendered(write(c.cluster ? 'clusterroles' : 'roles', c.object).causes),
        c.want,
      ),
    );

  it('reads back rules: null when a role has none, as the non-omitempty field does', () => {
    const { object } = write('clusterroles', {
      ...role(undefined),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] },
    });
    assert.equal(object.rules, null);
  });
});

describe('RoleBinding and ClusterRoleBinding', () => {
  it('defaults the roleRef apiGroup and the User/Group subject apiGroup', () => {
    const { object, causes } = write(
      'rolebindings',
      binding(
        { kind: 'ClusterRole', name: 'view' },
        [
          { kind: 'User', name: 'alice' },
          { kind: 'Group', name: 'team-a' },
          { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
        ],
        'team-a',
      ),
    );
    assert.deepEqual(causes, []);
    assert.deepEqual(object.roleRef, { apiGroup: G, kind: 'ClusterRole', name: 'view' });
    assert.deepEqual(object.subjects, [
      { kind: 'User', name: 'alice', apiGroup: G },
      { kind: 'Group', name: 'team-a', apiGroup: G },
      { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
    ]);
  });

  const cases: { name: string; cluster?: boolean; object: KubeObject; want: string[] }[] = [
    {
      name: 'roleRef kind Role or ClusterRole',
      object: binding({ kind: 'Pod', name: 'x' }, [], 'default'),
      want: ['roleRef.kind: Unsupported value: "Pod": supported values: "Role", "ClusterRole"'],
    },
    {
      name: 'a ClusterRoleBinding only references ClusterRoles',
      cluster: true,
      object: binding({ kind: 'Role', name: 'x' }, []),
      want: ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"'],
    },
    {
      name: 'roleRef apiGroup and name',
      object: binding({ apiGroup: 'apps', kind: 'Role' }, [], 'default'),
      want: [
        'roleRef.apiGroup: Unsupported value: "apps": supported values: "rbac.authorization.k8s.io"',
        'roleRef.name: Required value',
      ],
    },
    {
      name: 'subject kinds',
      object: binding({ kind: 'Role', name: 'x' }, [{ kind: 'Robot', name: 'r2' }], 'default'),
      want: [
        'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
      ],
    },
    {
      name: 'service account subjects: DNS names, no apiGroup, a namespace in cluster bindings',
      cluster: true,
      object: binding({ kind: 'ClusterRole', name: 'x' }, [
        { kind: 'ServiceAccount', name: 'Bad_Name', apiGroup: G },
      ]),
      want: [
        "subjects[0].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        'subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
        'subjects[0].namespace: Required value',
      ],
    },
    {
      name: 'user subjects need a name and the RBAC group',
      object: binding({ kind: 'Role', name: 'x' }, [{ kind: 'User', apiGroup: 'x' }], 'default'),
      want: [
        'subjects[0].name: Required value',
        'subjects[0].name: Invalid value: "": user name cannot be empty',
        'subjects[0].apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () =>
      assert.deepEqual(
        rendered(write(c.cluster ? 'clusterrolebindings' : 'rolebindings', c.object).causes),
        c.want,
      ),
    );

  it('refuses to change roleRef, with the internal RoleRef in the message', () => {
    const before = write(
      'rolebindings',
      binding({ kind: 'ClusterRole', name: 'view' }, [], 'default'),
    ).object;
    const after = structuredClone(before);
    (after.roleRef as Record<string, string>).name = 'edit';
    assert.deepEqual(rendered(write('rolebindings', after, { previous: before }).causes), [
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
    const subjects = structuredClone(before);
    subjects.subjects = [{ kind: 'User', name: 'bob', apiGroup: G }];
    assert.deepEqual(write('rolebindings', subjects, { previous: before }).causes, []);
  });
});
