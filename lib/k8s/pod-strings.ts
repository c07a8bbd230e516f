/**
 * One copy of each pod's name, uid and IP in the cache, however many records repeat them.
 *
 * Every endpoint of an EndpointSlice and every address of an Endpoints record names its pod
 * (`targetRef.name`, `targetRef.uid`) and carries its IP: the values the pod record already
 * holds, parsed again from each object's JSON as separate strings (≈ 130 bytes an endpoint at
 * 150,000 pods, twice: once in the slices, once in Endpoints). The cache (cache.ts) points those
 * fields at the pod record's own strings when it stores a record, and a pod's new record keeps
 * its previous record's strings, so the slices that still point at them keep pointing at the
 * pod's.
 *
 * Contract: a field is only ever given a string equal to the one it holds, so a record reads,
 * compares and serialises exactly as before; nothing that holds a record (snapshots, queued
 * frames, the models) can tell. That is why doing it to records already stored does not break
 * the cache's "records are immutable once stored" rule.
 */
import type {
  EndpointAddressRecord,
  PodRecord,
  SlimRecord,
  TargetRefRecord,
} from '../topology/records';

export type PodsByUid = ReadonlyMap<string, SlimRecord>;

function podOf(ref: TargetRefRecord | undefined, pods: PodsByUid): PodRecord | undefined {
  if (ref?.uid === undefined || ref.kind !== 'Pod') return undefined;
  const pod = pods.get(ref.uid);
  return pod?.kind === 'Pod' ? pod : undefined;
}

function shareRef(ref: TargetRefRecord, pod: PodRecord): void {
  if (ref.uid === pod.meta.uid) ref.uid = pod.meta.uid;
  if (ref.name === pod.meta.name) ref.name = pod.meta.name;
}

function shareAddress(address: EndpointAddressRecord, pods: PodsByUid): void {
  const pod = podOf(address.targetRef, pods);
  if (!pod) return;
  shareRef(address.targetRef!, pod);
  if (address.ip === pod.podIP) address.ip = pod.podIP;
}

/** Points a slice's or Endpoints record's pod names, uids and IPs at the pod records' strings. */
export function sharePodStrings(record: SlimRecord, pods: PodsByUid | undefined): void {
  if (!pods || pods.size === 0) return;
  if (record.kind === 'EndpointSlice') {
    for (const endpoint of record.endpoints) {
      const pod = podOf(endpoint.targetRef, pods);
      if (!pod) continue;
      shareRef(endpoint.targetRef!, pod);
      const addresses = endpoint.addresses;
      const ip = pod.podIP;
      if (ip === undefined) continue;
      for (let i = 0; i < addresses.length; i++) {
        if (addresses[i] === ip) addresses[i] = ip;
      }
    }
  } else if (record.kind === 'Endpoints') {
    for (const subset of record.subsets) {
      for (const address of subset.addresses) shareAddress(address, pods);
      for (const address of subset.notReadyAddresses) shareAddress(address, pods);
    }
  }
}

/** A pod's new record keeps the previous record's strings where the values did not change. */
export function keepPodStrings(next: SlimRecord, previous: SlimRecord | undefined): void {
  if (next.kind !== 'Pod' || previous?.kind !== 'Pod') return;
  if (next.meta.uid === previous.meta.uid) next.meta.uid = previous.meta.uid;
  if (next.meta.name === previous.meta.name) next.meta.name = previous.meta.name;
  if (next.podIP !== undefined && next.podIP === previous.podIP) next.podIP = previous.podIP;
}
