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
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=20'];
