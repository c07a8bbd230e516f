import 'server-only';
/**
 * The cluster of `switchboard view FILE`: a recorded incident snapshot (`switchboard.snapshot/v1`,
 * lib/history/snapshot.ts) served as the dashboard's one cluster, behind the same registry, hub,
 * routes, stream and page as a live one — so the map, outline, problems, panels and diagnosis are
 * the very code that drew them live, fed the recorded records.
 *
 * Contract:
 * - `SWITCHBOARD_SNAPSHOT_FILE` (cli/view.ts sets it) makes the process's registry this one
 *   (lib/k8s/clusters.ts): no kubeconfig is read and no cluster is contacted;
 * - `snapshotRegistryOptions(path)`: one member, named as the recorded cluster, whose hub serves
 *   the file's records, trail and DNS answers (lib/k8s/hub.ts `recorded`): its info is the recording's with `readOnly`
 *   and `snapshot: { at, takenAt }` (what the page labels it with), its sync state `snapshot`;
 *   the recorder's own access summary is not carried over (the records are already what they saw);
 * - the file is read when the registry loads it; one that cannot be read or is not a snapshot
 *   throws its message (lib/history/snapshot-file.ts), so the registry is not kept and every
 *   route and the page say why;
 * - the member's kubeconfig exists only because a registry entry has one: it names the recorded
 *   cluster and points at 127.0.0.1 port 0, so anything that wrongly tried to reach it would fail
 *   on loopback at once, never send a packet elsewhere.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { readSnapshotFile } from '../history/snapshot-file';
import type { ClusterInfo } from '../stream/protocol';
import type { RegistryOptions } from './clusters';
import { Hub, type RecordedRecords } from './hub';

/** The variable naming the snapshot file the server serves instead of a cluster. */
export const SNAPSHOT_FILE_VAR = 'SWITCHBOARD_SNAPSHOT_FILE';

/** The registry's options for the snapshot at `path` (see the header). */
export function snapshotRegistryOptions(path: string): RegistryOptions {
  let recorded: RecordedRecords | undefined;
  return {
    load: () => {
      const read = readSnapshotFile(path);
      if (!read.ok) throw new Error(read.message);
      const { snapshot } = read;
      const name = snapshot.cluster.name || 'snapshot';
      const info: ClusterInfo = {
        name,
        simulated: snapshot.cluster.simulated,
        readOnly: true,
        snapshot: { at: snapshot.at, takenAt: snapshot.takenAt },
      };
      recorded = {
        info,
        records: snapshot.records,
        ...(snapshot.trail ? { trail: snapshot.trail } : {}),
        ...(snapshot.dns ? { dns: snapshot.dns } : {}),
      };
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromOptions({
        clusters: [{ name, server: 'http://127.0.0.1:0', skipTLSVerify: false }],
        users: [{ name: 'snapshot' }],
        contexts: [{ name, cluster: name, user: 'snapshot' }],
        currentContext: name,
      });
      return { entries: [{ id: name, kubeConfig }], files: [] };
    },
    makeHub: (connection) => new Hub({ connection, recorded }),
  };
}
