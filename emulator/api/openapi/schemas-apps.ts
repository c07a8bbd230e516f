/**
 * OpenAPI v3 schemas of apps/v1 StatefulSet and DaemonSet (k8s.io/api/apps/v1), in the shape of
 * ./schemas.ts. Persistent volume claim templates are open objects.
 */
import {
  atomic,
  condition,
  int32,
  int64,
  intOrString,
  kind,
  list,
  M,
  mergeList,
  obj,
  open,
  P,
  ref,
  s,
  type Schema,
} from './builders';

const A = 'io.k8s.api.apps.v1.';

export const APPS_SCHEMAS: Record<string, Schema> = {
  [`${A}StatefulSet`]: kind(
    'apps',
    'v1',
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
  [`${A}StatefulSetList`]: list('apps', 'v1', 'StatefulSetList', `${A}StatefulSet`),
  [`${A}DaemonSet`]: kind(
    'apps',
    'v1',
    'DaemonSet',
    'DaemonSet represents the configuration of a daemon set.',
    {
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
    },
  ),
  [`${A}DaemonSetList`]: list('apps', 'v1', 'DaemonSetList', `${A}DaemonSet`),
};
