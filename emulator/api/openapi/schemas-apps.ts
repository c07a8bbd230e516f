/**
 * OpenAPI v3 schemas of the apps/v1 workloads — StatefulSet, DaemonSet, Deployment, ReplicaSet
 * and the ControllerRevisions of the first two (k8s.io/api/apps/v1) — and autoscaling/v1 Scale, the body of their `scale` subresource, in the
 * shape of ./schemas.ts. Persistent volume claim templates are open objects.
 */
import {
  atomic,
  bool,
  condition,
  int32,
  int64,
  intOrString,
  kind,
  kindWithList,
  M,
  mergeList,
  obj,
  open,
  P,
  ref,
  s,
  type GroupVersion,
  type Schema,
} from './builders';

const APPS_V1: GroupVersion = { prefix: 'io.k8s.api.apps.v1.', group: 'apps', version: 'v1' };

const workloadSpecCommon = {
  minReadySeconds: int32,
  replicas: int32,
  selector: ref(`${M}LabelSelector`),
  template: ref(`${P}PodTemplateSpec`),
};

export const APPS_SCHEMAS: Record<string, Schema> = {
  ...kindWithList(
    APPS_V1,
    'StatefulSet',
    'StatefulSet represents a set of pods with consistent identities.',
    {
      spec: obj(
        'StatefulSetSpec is the specification of a StatefulSet.',
        {
          minReadySeconds: int32,
          ordinals: obj(
            'StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.',
            { start: int32 },
          ),
          persistentVolumeClaimRetentionPolicy: obj(
            'StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.',
            { whenDeleted: s(), whenScaled: s() },
          ),
          podManagementPolicy: s(),
          replicas: int32,
          revisionHistoryLimit: int32,
          selector: ref(`${M}LabelSelector`),
          serviceName: s(),
          template: ref(`${P}PodTemplateSpec`),
          updateStrategy: obj(
            'StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.',
            {
              rollingUpdate: obj(
                'RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.',
                { maxUnavailable: intOrString, partition: int32 },
              ),
              type: s(),
            },
          ),
          volumeClaimTemplates: atomic(open),
        },
        ['selector', 'template'],
      ),
      status: obj(
        'StatefulSetStatus represents the current state of a StatefulSet.',
        {
          availableReplicas: int32,
          collisionCount: int32,
          conditions: mergeList(condition('StatefulSetCondition'), 'type'),
          currentReplicas: int32,
          currentRevision: s(),
          observedGeneration: int64,
          readyReplicas: int32,
          replicas: int32,
          updateRevision: s(),
          updatedReplicas: int32,
        },
        ['replicas'],
      ),
    },
  ),
  ...kindWithList(APPS_V1, 'DaemonSet', 'DaemonSet represents the configuration of a daemon set.', {
    spec: obj(
      'DaemonSetSpec is the specification of a daemon set.',
      {
        minReadySeconds: int32,
        revisionHistoryLimit: int32,
        selector: ref(`${M}LabelSelector`),
        template: ref(`${P}PodTemplateSpec`),
        updateStrategy: obj(
          'DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.',
          {
            rollingUpdate: obj(
              'RollingUpdateDaemonSet is the spec to control the desired behavior of daemon set rolling update.',
              {
                maxSurge: intOrString,
                maxUnavailable: intOrString,
              },
            ),
            type: s(),
          },
        ),
      },
      ['selector', 'template'],
    ),
    status: obj(
      'DaemonSetStatus represents the current status of a daemon set.',
      {
        collisionCount: int32,
        conditions: mergeList(condition('DaemonSetCondition'), 'type'),
        currentNumberScheduled: int32,
        desiredNumberScheduled: int32,
        numberAvailable: int32,
        numberMisscheduled: int32,
        numberReady: int32,
        numberUnavailable: int32,
        observedGeneration: int64,
        updatedNumberScheduled: int32,
      },
      ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
    ),
  }),
  ...kindWithList(
    APPS_V1,
    'Deployment',
    'Deployment enables declarative updates for Pods and ReplicaSets.',
    {
      spec: obj(
        'DeploymentSpec is the specification of the desired behavior of the Deployment.',
        {
          ...workloadSpecCommon,
          paused: bool,
          progressDeadlineSeconds: int32,
          revisionHistoryLimit: int32,
          strategy: obj(
            'DeploymentStrategy describes how to replace existing pods with new ones.',
            {
              rollingUpdate: obj('Spec to control the desired behavior of rolling update.', {
                maxSurge: intOrString,
                maxUnavailable: intOrString,
              }),
              type: s(),
            },
          ),
        },
        ['selector', 'template'],
      ),
      status: obj('DeploymentStatus is the most recently observed status of the Deployment.', {
        availableReplicas: int32,
        collisionCount: int32,
        conditions: mergeList(condition('DeploymentCondition'), 'type'),
        observedGeneration: int64,
        readyReplicas: int32,
        replicas: int32,
        terminatingReplicas: int32,
        unavailableReplicas: int32,
        updatedReplicas: int32,
      }),
    },
  ),
  ...kindWithList(
    APPS_V1,
    'ReplicaSet',
    'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
    {
      spec: obj('ReplicaSetSpec is the specification of a ReplicaSet.', workloadSpecCommon, [
        'selector',
      ]),
      status: obj(
        'ReplicaSetStatus represents the current status of a ReplicaSet.',
        {
          availableReplicas: int32,
          conditions: mergeList(condition('ReplicaSetCondition'), 'type'),
          fullyLabeledReplicas: int32,
          observedGeneration: int64,
          readyReplicas: int32,
          replicas: int32,
          terminatingReplicas: int32,
        },
        ['replicas'],
      ),
    },
  ),
  ...controllerRevision(),
  // A RawExtension is any JSON object; upstream types it as a bare object.
  'io.k8s.apimachinery.pkg.runtime.RawExtension': {
    description:
      'RawExtension is used to hold extensions in external versions.\n\nTo use this, make a field which has RawExtension as its type in your external version struct, and Object in your internal struct.',
    type: 'object',
  },
  'io.k8s.api.autoscaling.v1.Scale': kind(
    'autoscaling',
    'v1',
    'Scale',
    'Scale represents a scaling request for a resource.',
    {
      spec: obj('ScaleSpec describes the attributes of a scale subresource.', { replicas: int32 }),
      status: obj(
        'ScaleStatus represents the current status of a scale subresource.',
        {
          replicas: int32,
          selector: s(),
        },
        ['replicas'],
      ),
    },
  ),
};

function controllerRevision(): Record<string, Schema> {
  const schemas = kindWithList(
    APPS_V1,
    'ControllerRevision',
    'ControllerRevision implements an immutable snapshot of state data. Clients are responsible for serializing and deserializing the objects that contain their internal state. Once a ControllerRevision has been successfully created, it can not be updated. The API Server will fail validation of all requests that attempt to mutate the Data field. ControllerRevisions may, however, be deleted. Note that, due to its use by both the DaemonSet and StatefulSet controllers for update and rollback, this object is beta. However, it may be subject to name and representation changes in future releases, and clients should not depend on its stability. It is primarily for internal use by controllers.',
    {
      data: ref('io.k8s.apimachinery.pkg.runtime.RawExtension'),
      revision: int64,
    },
  );
  const item = schemas[`${APPS_V1.prefix}ControllerRevision`];
  if (item) item.required = ['revision'];
  return schemas;
}
