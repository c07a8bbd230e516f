import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CREATED_BY_ANNOTATION,
  CREATED_BY_VALUE,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  deletionCommand,
  planDeletion,
  serviceOwnerReference,
  type DeletionCandidate,
} from './index';

const service: DeletionCandidate = {
  kind: 'Service',
  metadata: { name: 'web', uid: 'svc-uid', resourceVersion: '7' },
};
const formLabels = { [MANAGED_BY_LABEL]: MANAGED_BY, 'kubernetes.io/service-name': 'web' };
const formNotes = { [CREATED_BY_ANNOTATION]: CREATED_BY_VALUE };

const slice = (name: string, metadata: Partial<DeletionCandidate['metadata']>) =>
  ({ kind: 'EndpointSlice', metadata: { name, ...metadata } }) as DeletionCandidate;

describe('planDeletion', () => {
  it('the Service first; owned objects go with it, the form’s unowned ones are deleted, others kept', () => {
    const plan = planDeletion(service, [
      slice('web-other', { labels: { 'kubernetes.io/service-name': 'web' } }),
      slice('web-ipv4', {
        labels: formLabels,
        ownerReferences: [serviceOwnerReference('web', 'svc-uid')],
      }),
      slice('web-ipv6', { labels: formLabels, uid: 'old-uid', resourceVersion: '3' }),
      slice('web-mirrored', {
        labels: { [MANAGED_BY_LABEL]: 'endpointslicemirroring-controller.k8s.io' },
      }),
      { kind: 'Endpoints', metadata: { name: 'web', annotations: formNotes } },
    ]);
    assert.deepEqual(
      plan.map((p) => [p.kind, p.name, p.fate]),
      [
        ['Service', 'web', 'deleted'],
        ['EndpointSlice', 'web-ipv4', 'with-service'],
        ['EndpointSlice', 'web-ipv6', 'deleted'],
        ['EndpointSlice', 'web-mirrored', 'with-service'],
        ['EndpointSlice', 'web-other', 'kept'],
        ['Endpoints', 'web', 'deleted'],
      ],
    );
    assert.equal(plan[0]?.uid, 'svc-uid');
    assert.equal(plan[0]?.resourceVersion, '7');
    assert.equal(plan[2]?.uid, 'old-uid');
    assert.match(plan[1]?.why ?? '', /garbage collector/);
    assert.match(plan[2]?.why ?? '', /before its objects had owner references/);
    assert.match(plan[4]?.why ?? '', /left as it is/);
  });

  it('a reference to another Service’s uid (one replaced since) is no ownership by this one', () => {
    const stale = slice('web-ipv4', {
      labels: formLabels,
      ownerReferences: [serviceOwnerReference('web', 'previous-uid')],
    });
    // The form made it, but it has an owner reference: not ours to delete, and not this Service's.
    assert.equal(planDeletion(service, [stale])[1]?.fate, 'kept');
  });

  it("someone else's Endpoints still go: the endpoints controller deletes them with the Service", () => {
    const [, endpoints] = planDeletion(service, [{ kind: 'Endpoints', metadata: { name: 'web' } }]);
    assert.equal(endpoints?.fate, 'with-service');
    assert.match(endpoints?.why ?? '', /endpoints controller/);
  });
});

describe('deletionCommand', () => {
  it('names the Service with a background cascade, then what Switchboard deletes itself', () => {
    const plan = planDeletion(service, [
      slice('web-ipv6', { labels: formLabels }),
      slice('web-ipv4', {
        labels: formLabels,
        ownerReferences: [serviceOwnerReference('web', 'svc-uid')],
      }),
    ]);
    assert.equal(
      deletionCommand('demo', plan),
      'kubectl delete service web -n demo --cascade=background\n' +
        'kubectl delete endpointslice web-ipv6 -n demo',
    );
  });
});
