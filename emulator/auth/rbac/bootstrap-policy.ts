/**
 * The default ClusterRoles and ClusterRoleBindings a real cluster ships
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, rendered as its
 * testdata/cluster-roles.yaml and cluster-role-bindings.yaml of the 1.33 era): the user-facing
 * roles `cluster-admin`, `admin`, `edit`, `view` with their `system:aggregate-to-*` parts, and the
 * discovery, basic-user, public-info, monitoring, auth-delegator and issuer-discovery roles with
 * the bindings that give them to `system:masters`, `system:authenticated`,
 * `system:unauthenticated`, `system:monitoring` and `system:serviceaccounts`.
 *
 * Rules are upstream's verbatim, with verbs and resources sorted as upstream's rule builder sorts
 * them; they name resources this cluster does not serve (jobs, ingresses, …), which grants nothing
 * here. `admin`, `edit` and `view` carry no rules of their own: aggregation fills them.
 * Controller roles (`system:controller:*`), node and component roles (`system:node`,
 * `system:kube-scheduler`, …) are not shipped: nothing in this cluster authenticates as them.
 *
 * Every object carries `kubernetes.io/bootstrapping: rbac-defaults` and
 * `rbac.authorization.kubernetes.io/autoupdate: "true"`, as upstream's addDefaultMetadata sets.
 */
import {
  RBAC_GROUP,
  type ClusterRole,
  type ClusterRoleBinding,
  type PolicyRule,
  type Subject,
} from './types';

export const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';
export const AUTO_UPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = [...READ, ...WRITE].sort();

function rule(verbs: string[], apiGroups: string[], resources: string[]): PolicyRule {
  return { apiGroups, resources, verbs };
}

function urls(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { nonResourceURLs, verbs };
}

const AGGREGATE = (to: 'admin' | 'edit' | 'view') => `rbac.authorization.k8s.io/aggregate-to-${to}`;

function clusterRole(
  name: string,
  rules: PolicyRule[] | null,
  extraLabels: Record<string, string> = {},
  aggregateFrom?: 'admin' | 'edit' | 'view',
): ClusterRole {
  const role: ClusterRole = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: { [BOOTSTRAP_LABEL]: 'rbac-defaults', ...extraLabels },
      annotations: { [AUTO_UPDATE_ANNOTATION]: 'true' },
    },
    rules,
  };
  if (aggregateFrom) {
    role.aggregationRule = {
      clusterRoleSelectors: [{ matchLabels: { [AGGREGATE(aggregateFrom)]: 'true' } }],
    };
  }
  return role;
}

function group(name: string): Subject {
  return { apiGroup: RBAC_GROUP, kind: 'Group', name };
}

function clusterRoleBinding(name: string, subjects: Subject[]): ClusterRoleBinding {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: {
      name,
      labels: { [BOOTSTRAP_LABEL]: 'rbac-defaults' },
      annotations: { [AUTO_UPDATE_ANNOTATION]: 'true' },
    },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
    subjects,
  };
}

const AGGREGATE_TO_EDIT_RULES: PolicyRule[] = [
  rule(
    READ,
    [''],
    ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'],
  ),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  rule(['create'], [''], ['pods/eviction']),
  rule(
    WRITE,
    [''],
    [
      'configmaps',
      'events',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'secrets',
      'serviceaccounts',
      'services',
      'services/proxy',
    ],
  ),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(
    WRITE,
    ['apps'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
  ),
  rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
  rule(
    WRITE,
    ['extensions'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'ingresses',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicationcontrollers/scale',
    ],
  ),
  rule(WRITE, ['policy'], ['poddisruptionbudgets']),
  rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(READ_WRITE, ['coordination.k8s.io'], ['leases']),
];

const AGGREGATE_TO_VIEW_RULES: PolicyRule[] = [
  rule(
    READ,
    [''],
    [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
    ],
  ),
  rule(
    READ,
    [''],
    [
      'bindings',
      'events',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
    ],
  ),
  rule(READ, [''], ['namespaces']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(
    READ,
    ['apps'],
    [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ],
  ),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(
    READ,
    ['extensions'],
    [
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'ingresses',
      'ingresses/status',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'replicationcontrollers/scale',
    ],
  ),
  rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
];

/** The bootstrap ClusterRoles, in upstream's (alphabetical) order. Fresh objects on every call. */
export function bootstrapClusterRoles(): ClusterRole[] {
  return [
    clusterRole('admin', null, {}, 'admin'),
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
    clusterRole('edit', null, { [AGGREGATE('admin')]: 'true' }, 'edit'),
    clusterRole(
      'system:aggregate-to-admin',
      [
        rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
        rule(READ_WRITE, [RBAC_GROUP], ['rolebindings', 'roles']),
      ],
      { [AGGREGATE('admin')]: 'true' },
    ),
    clusterRole('system:aggregate-to-edit', AGGREGATE_TO_EDIT_RULES, {
      [AGGREGATE('edit')]: 'true',
    }),
    clusterRole('system:aggregate-to-view', AGGREGATE_TO_VIEW_RULES, {
      [AGGREGATE('view')]: 'true',
    }),
    clusterRole('system:auth-delegator', [
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    ]),
    clusterRole('system:basic-user', [
      rule(
        ['create'],
        ['authorization.k8s.io'],
        ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      ),
      rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    ]),
    clusterRole('system:discovery', [
      urls(
        ['get'],
        [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
      ),
    ]),
    clusterRole('system:monitoring', [
      urls(
        ['get'],
        [
          '/healthz',
          '/healthz/*',
          '/livez',
          '/livez/*',
          '/metrics',
          '/metrics/slis',
          '/readyz',
          '/readyz/*',
        ],
      ),
    ]),
    clusterRole('system:public-info-viewer', [
      urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/']),
    ]),
    clusterRole('system:service-account-issuer-discovery', [
      urls(
        ['get'],
        [
          '/.well-known/openid-configuration',
          '/.well-known/openid-configuration/',
          '/openid/v1/jwks',
          '/openid/v1/jwks/',
        ],
      ),
    ]),
    clusterRole('view', null, { [AGGREGATE('edit')]: 'true' }, 'view'),
  ];
}

/** The bootstrap ClusterRoleBindings (each binds the ClusterRole of the same name). */
export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    clusterRoleBinding('cluster-admin', [group('system:masters')]),
    clusterRoleBinding('system:basic-user', [group('system:authenticated')]),
    clusterRoleBinding('system:discovery', [group('system:authenticated')]),
    clusterRoleBinding('system:monitoring', [group('system:monitoring')]),
    clusterRoleBinding('system:public-info-viewer', [
      group('system:authenticated'),
      group('system:unauthenticated'),
    ]),
    clusterRoleBinding('system:service-account-issuer-discovery', [
      group('system:serviceaccounts'),
    ]),
  ];
}
