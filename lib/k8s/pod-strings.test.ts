import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterCache } from './cache';
import { keepPodStrings, sharePodStrings } from './pod-strings';
import { slimmer } from './slim';
import type { RawObject } from './watch-events';
import type { EndpointSliceRecord, EndpointsRecord, SlimRecord } from '../topology/records';

const pod = (i: number, rv = '1', ip = `10.0.0.${i}`): RawObject => ({
  metadata: { name: `web-${i}`, namespace: 'shop', uid: `pod-${i}`, resourceVersion: rv },
  spec: { nodeName: 'n1', containers: [{ ports: [{ containerPort: 80 }] }] },
  status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] },
});
const ref = (i: number, name = `web-${i}`) => ({
  kind: 'Pod',
  namespace: 'shop',
  name,
  uid: `pod-${i}`,
});
const slice = (rv = '1'): RawObject => ({
  metadata: {
    name: 'web-abc',
    namespace: 'shop',
    uid: 'slice-1',
    resourceVersion: rv,
    labels: { 'kubernetes.io/service-name': 'web' },
  } as RawObject['metadata'],
  addressType: 'IPv4',
  ports: [{ port: 80, protocol: 'TCP' }],
  endpoints: [
    { addresses: ['10.0.0.1'], conditions: { ready: true }, targetRef: ref(1) },
    // A stale name and IP (the pod was replaced under the same uid in this fixture): kept as served.
    { addresses: ['10.9.9.9'], conditions: { ready: false }, targetRef: ref(2, 'old-name') },
    { addresses: ['10.0.0.3'], targetRef: ref(3) },
    { addresses: ['10.0.0.4'], targetRef: { kind: 'Node', name: 'web-4', uid: 'pod-4' } },
  ],
});
const endpoints = (rv = '1'): RawObject => ({
  metadata: { name: 'web', namespace: 'shop', uid: 'ep-1', resourceVersion: rv },
  subsets: [
    {
      addresses: [{ ip: '10.0.0.1', targetRef: ref(1) }],
      notReadyAddresses: [{ ip: '10.9.9.9', targetRef: ref(2, 'old-name') }],
      ports: [{ port: 80 }],
    },
  ],
});

const slim = (kind: SlimRecord['kind'], raw: RawObject) => slimmer(kind)(raw)!;
const pods = () => [slim('Pod', pod(1)), slim('Pod', pod(2)), slim('Pod', pod(4))];
/** What the records serialise to when nothing is shared (each slimmed on its own). */
const expected = () =>
  JSON.stringify([...pods(), slim('EndpointSlice', slice()), slim('Endpoints', endpoints())]);

test('slices and Endpoints stored after their pods read and serialise exactly as served', () => {
  const cache = new ClusterCache();
  cache.replace('Pod', pods());
  cache.replace('EndpointSlice', [slim('EndpointSlice', slice())]);
  cache.replace('Endpoints', [slim('Endpoints', endpoints())]);
  const got = [...cache.list('Pod'), ...cache.list('EndpointSlice'), ...cache.list('Endpoints')];
  assert.equal(JSON.stringify(got), expected());
  const s = cache.list('EndpointSlice')[0]!;
  assert.equal(s.endpoints[1]!.targetRef!.name, 'old-name', 'a differing name is not replaced');
  assert.deepEqual(s.endpoints[1]!.addresses, ['10.9.9.9'], 'a differing IP is not replaced');
});

test('slices and Endpoints stored before their pods (kinds list in any order) are unchanged by the pods', () => {
  const cache = new ClusterCache();
  cache.replace('EndpointSlice', [slim('EndpointSlice', slice())]);
  cache.apply('ADDED', slim('Endpoints', endpoints()));
  const before = JSON.stringify([...cache.list('EndpointSlice'), ...cache.list('Endpoints')]);
  cache.replace('Pod', pods());
  const after = JSON.stringify([...cache.list('EndpointSlice'), ...cache.list('Endpoints')]);
  assert.equal(after, before);
  assert.equal(JSON.stringify([...cache.list('Pod'), JSON.parse(after)].flat()), expected());
});

test('a pod update keeps its values, and its changed IP is not taken from the old record', () => {
  const cache = new ClusterCache();
  cache.replace('Pod', pods());
  cache.apply('MODIFIED', slim('Pod', pod(1, '2', '10.0.0.99')));
  cache.apply('MODIFIED', slim('Pod', pod(2, '2')));
  const [p1, p2] = [cache.get('Pod', 'pod-1'), cache.get('Pod', 'pod-2')];
  assert.equal(p1?.kind === 'Pod' && p1.podIP, '10.0.0.99');
  assert.equal(p1?.meta.resourceVersion, '2');
  assert.deepEqual(p2, slim('Pod', pod(2, '2')));
});

test('sharing leaves records of other kinds, and refs to other kinds or unknown uids, alone', () => {
  const records = new Map<string, SlimRecord>(pods().map((p) => [p.meta.uid, p]));
  const s = slim('EndpointSlice', slice()) as EndpointSliceRecord;
  const e = slim('Endpoints', endpoints()) as EndpointsRecord;
  const pod1 = slim('Pod', pod(1));
  const copies = [s, e, pod1].map((r) => structuredClone(r));
  sharePodStrings(s, records);
  sharePodStrings(e, records);
  sharePodStrings(pod1, records);
  keepPodStrings(s, pod1);
  keepPodStrings(pod1, s);
  sharePodStrings(s, undefined);
  assert.deepEqual([s, e, pod1], copies);
});
