/**
 * The Node flags the dashboard's standalone server runs with: `switchboard serve` and `switchboard
 * view` start it with them, the image's CMD (Dockerfile) carries the same (a test holds them
 * equal), and the e2e harness and the server benchmarks (bench/dashboard-server.ts,
 * bench/server-memory.ts) run it with them, so what is tested and measured is what ships.
 *
 * `--heap-growing-percent=20`: after each full collection V8 lets the old generation grow by a
 * factor it picks from how fast it collects (up to ×4 on a big machine) before it collects
 * again. At 150,000 pods the hub keeps about 240 MiB of heap live, and while the lists arrive V8
 * let the heap reach about 410 MiB before collecting: that head-room, not what was kept, was most
 * of the server's peak memory above its resting level (bench/README.md, bench/server-memory.ts).
 * Growing by 20% at most keeps the peak near what is live, at the price of more frequent full
 * collections (their marking is concurrent) while a big cluster is listed or changes fast.
 *
 * `--max-semi-space-size=4` (MiB; V8 lets it reach 16 here): the young generation holds what the
 * server allocates and drops at once — list pages, frames, snapshot pieces — and the wrappers of
 * the snapshot and gzip buffers the tabs read, whose bytes outside the heap are freed only when
 * their wrapper is collected. A smaller young generation is collected more often: it commits
 * less, and frees those buffers sooner. On a `large:30000` cluster with 50 tabs it lowered the
 * peak RSS from 325 to 268 MiB (bench/README.md), for more (short) scavenges.
 */
export const SERVER_NODE_FLAGS: readonly string[] = [
  '--heap-growing-percent=20',
  '--max-semi-space-size=4',
];
