/**
 * `switchboard diagnose <namespace>/<name>`: the Service's diagnosis in a terminal, for scripts
 * and for on-call engineers without a browser.
 *
 * Contract: lists the cluster once through the kubeconfig (--kubeconfig > KUBECONFIG
 * > ~/.kube/config > in-cluster; --context; lib/k8s/cluster-set.ts), computes the same diagnosis as the map
 * (lib/topology/diagnosis/) with the DNS check for ExternalName targets (never on a cluster
 * whose `/version` says it is simulated: lib/k8s/cluster-identity.ts), prints it (or JSON with
 * --json) and exits 0 when the Service is healthy, 1 when it is broken, and — with a warning
 * only — 0, or 1 under --strict. 2 for usage errors (a --kubeconfig file that does not exist
 * among them, as for `serve`: cli/kubeconfig-flags.ts) and an unknown Service, 3 when the
 * cluster cannot be read, and 3 too when its health is unknown (whether it routes could not be
 * judged: its endpoints not visible to the one asking, or not read yet — never "healthy" to a
 * script; cli/diagnose-exit.ts, for every path below). With several clusters (`--context A --context B`, `--all-contexts`) it prints
 * one verdict per cluster (JSON: an array of `{cluster, exitCode, diagnosis | error}`), read in
 * parallel, and exits with the highest of their statuses (3 if any cluster could not be read
 * or judged, else 2 if any lacks the Service, else 1 if any is broken). With --json, an error of one verdict
 * is JSON too, on stdout with the same exit status: `{"error": <problem>}` in the API's one error
 * shape (lib/api/problem.ts). With `--dashboard URL` the verdict comes from a running Switchboard instead,
 * as the signed-in person sees it (cli/diagnose-dashboard.ts). Run by bin/switchboard.mjs from one bundle compiled with the react-server condition
 * (it shares server modules marked `server-only`; cli/compiled-command.mjs), or from the sources
 * in a process started with that condition when there is no bundle: so nothing it imports may
 * read files relative to its own module (`import.meta.url`, `__dirname`).
 */
import { parseArgs } from 'node:util';
import { neutraliseControls } from '../lib/cluster-text';
import { errorMessage } from '../lib/error-message';
import { delimiter } from 'node:path';
import { clusterChoiceEnv, type ClusterEntry } from '../lib/k8s/cluster-set';
import { loadClusterSelection } from '../lib/k8s/kubeconfig';
import {
  createKubeTransport,
  describeClusterError,
  errorFromResponse,
  readBody,
} from '../lib/k8s/transport';
import { readClusterIdentity, type ClusterIdentity } from '../lib/k8s/cluster-identity';
import { InternPool, slimmer } from '../lib/k8s/slim';
import { WATCHED_KINDS } from '../lib/k8s/kinds';
import {
  createDiagnosisContext,
  diagnoseService,
  type ServiceDiagnosis,
} from '../lib/topology/diagnosis';
import { toClusterSnapshot, type RecordKind, type SlimRecord } from '../lib/topology/records';
import { createDnsChecker, type DnsResult } from '../lib/diagnostics/dns';
import { HEALTH_TEXT } from '../lib/graph/describe';
import { problem, type ProblemType } from '../lib/api/problem';
import { diagnoseThroughDashboard, tokenFrom } from './diagnose-dashboard';
import { exitStatusOf } from './diagnose-exit';
import { kubeconfigFlagError } from './kubeconfig-flags';

const USAGE = `usage: switchboard diagnose <namespace>/<name> [--kubeconfig FILE]... [--context C]... [--all-contexts] [--json] [--strict]
       switchboard diagnose <namespace>/<name> --dashboard URL [--token-file F] [--json] [--strict]

  --context C      repeatable: one verdict per context named
  --all-contexts   one verdict per context of the kubeconfig (current-context first)
  --dashboard URL  ask a running Switchboard instead of the cluster: it answers as you (a
                   dashboard with --auth token takes the token from --token-file F or
                   SWITCHBOARD_TOKEN), so your RBAC decides what you may see

Exit status: 0 healthy (or warnings only), 1 broken (or warnings with --strict),
             2 usage error (a missing --kubeconfig file too) or no such Service,
             3 the cluster could not be read, or the health is unknown (whether it
               routes could not be judged: endpoints not visible to you, or not read yet);
             with several clusters, the highest of their statuses.`;

async function listAll(
  transport: ReturnType<typeof createKubeTransport>,
  path: string,
  kind: RecordKind,
  pool: InternPool,
): Promise<SlimRecord[]> {
  const toRecord = slimmer(kind, pool);
  const out: SlimRecord[] = [];
  let cont: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '500' });
    if (cont) query.set('continue', cont);
    const response = await transport.get(`${path}?${query}`, AbortSignal.timeout(30_000));
    if ((response.statusCode ?? 0) >= 300) throw await errorFromResponse(response, `list ${path}`);
    const page = JSON.parse(await readBody(response)) as {
      items?: Parameters<typeof toRecord>[0][];
      metadata?: { continue?: string };
    };
    for (const item of page.items ?? []) {
      const record = toRecord(item);
      if (record) out.push(record);
    }
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return out;
}

const MARK: Record<string, string> = { error: '✖', warning: '▲', info: '●' };

export function formatDiagnosis(diagnosis: ServiceDiagnosis): string {
  const lines = [
    `Service ${diagnosis.namespace}/${diagnosis.name}: ${HEALTH_TEXT[diagnosis.health].toUpperCase()}`,
  ];
  for (const reason of diagnosis.reasons) {
    // A symptom follows the cause that explains it (reasons come cause first): indent it under it.
    const nest = reason.causedBy ? '    ' : '';
    const because = reason.causedBy ? `(because of ${reason.causedBy}) ` : '';
    lines.push(
      '',
      `${nest}${reason.causedBy ? '↳ ' : ''}${MARK[reason.severity] ?? '-'} [${reason.code}] ${because}${reason.summary}`,
    );
    const at = `${nest}    `;
    if (reason.detail) lines.push(`${at}${reason.detail}`);
    for (const hint of reason.nearMisses ?? []) lines.push(`${at}near miss: ${hint.hint}`);
    for (const pod of reason.pods ?? [])
      lines.push(`${at}pod ${pod.namespace}/${pod.name}: ${pod.why}`);
    for (const e of reason.evidence)
      lines.push(
        `${at}evidence: ${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name} ${e.field} = ${e.value}`,
      );
    for (const command of reason.commands) lines.push(`${at}$ ${command}`);
    if (reason.fix) {
      lines.push(`${at}suggested fix (changes the cluster): ${reason.fix.description}`);
      lines.push(`${at}# $ ${reason.fix.command}`);
    }
  }
  // Cluster text reaches a terminal: an escape sequence or U+202E must not act, only show.
  return neutraliseControls(lines.join('\n'));
}

export async function main(args: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        kubeconfig: { type: 'string', multiple: true, default: [] },
        context: { type: 'string', multiple: true, default: [] },
        'all-contexts': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        dashboard: { type: 'string' },
        'token-file': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`switchboard diagnose: ${errorMessage(error)}\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return;
  }
  const target = parsed.positionals[0];
  const match = target ? /^([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(target) : null;
  const json = parsed.values.json;
  // An error of one verdict: JSON on stdout with --json (scripts parse one stream), else words.
  const fail = (exitCode: 2 | 3, message: string, type?: ProblemType, usage = ''): void => {
    if (json) {
      const kind = type ?? (exitCode === 2 ? 'not-found' : 'cluster-unavailable');
      console.log(JSON.stringify({ error: problem(kind, message) }, null, 2));
    } else console.error(`switchboard diagnose: ${neutraliseControls(message)}${usage}`);
    process.exitCode = exitCode;
  };
  if (!match || parsed.positionals.length !== 1)
    return fail(2, 'expected one <namespace>/<name>', 'bad-request', `\n${USAGE}`);
  const [, namespace, name] = match as unknown as [string, string, string];
  const exitCodeOf = (diagnosis: ServiceDiagnosis) =>
    exitStatusOf(diagnosis.health, parsed.values.strict);
  const report = (diagnosis: ServiceDiagnosis) => {
    console.log(
      parsed.values.json ? JSON.stringify(diagnosis, null, 2) : formatDiagnosis(diagnosis),
    );
    process.exitCode = exitCodeOf(diagnosis);
  };
  if (parsed.values.dashboard) {
    let token;
    try {
      token = tokenFrom(parsed.values['token-file'], process.env);
    } catch (error) {
      return fail(2, errorMessage(error), 'bad-request');
    }
    const answer = await diagnoseThroughDashboard({
      url: parsed.values.dashboard,
      namespace,
      name,
      token,
    });
    if (!answer.ok) return fail(answer.exitCode, answer.message);
    report(answer.diagnosis);
    return;
  }

  const kubeconfigError = kubeconfigFlagError(parsed.values.kubeconfig);
  if (kubeconfigError) return fail(2, kubeconfigError, 'bad-request');
  const env = {
    ...process.env,
    ...(parsed.values.kubeconfig.length > 0
      ? { SWITCHBOARD_KUBECONFIG: parsed.values.kubeconfig.join(delimiter) }
      : {}),
    ...clusterChoiceEnv({
      contexts: parsed.values.context,
      allContexts: parsed.values['all-contexts'],
    }),
  };
  let entries: ClusterEntry[];
  try {
    entries = loadClusterSelection(env).entries;
  } catch (error) {
    return fail(3, errorMessage(error));
  }
  if (entries.length === 1 && !parsed.values['all-contexts']) {
    const verdict = await diagnoseIn(entries[0]!, namespace, name);
    if (!verdict.ok) return fail(verdict.exitCode, verdict.message);
    report(verdict.diagnosis);
    return;
  }
  // One verdict per cluster, in the chosen order; the exit status is the highest of theirs.
  const verdicts = await Promise.all(entries.map((e) => diagnoseIn(e, namespace, name)));
  const codes = verdicts.map((v) => (v.ok ? exitCodeOf(v.diagnosis) : v.exitCode));
  if (parsed.values.json) {
    const out = verdicts.map((v, i) => ({
      cluster: entries[i]!.id,
      exitCode: codes[i],
      ...(v.ok ? { diagnosis: v.diagnosis } : { error: v.message }),
    }));
    console.log(JSON.stringify(out, null, 2));
  } else {
    verdicts.forEach((v, i) => {
      if (i > 0) console.log('');
      console.log(neutraliseControls(`== cluster ${entries[i]!.id}`));
      console.log(v.ok ? formatDiagnosis(v.diagnosis) : `error: ${neutraliseControls(v.message)}`);
    });
  }
  process.exitCode = Math.max(...codes);
}

type Verdict =
  { ok: true; diagnosis: ServiceDiagnosis } | { ok: false; exitCode: 2 | 3; message: string };

/** One cluster's verdict on `namespace/name`: read, diagnosed, or why not (exit 2 or 3). */
async function diagnoseIn(entry: ClusterEntry, namespace: string, name: string): Promise<Verdict> {
  if (entry.error) return { ok: false, exitCode: 3, message: entry.error };
  const transport = createKubeTransport(entry.kubeConfig);
  const pool = new InternPool();
  let records: SlimRecord[];
  let identity: ClusterIdentity;
  // Optional kinds that could not be listed: not read, so nothing is judged from them.
  const unread: RecordKind[] = [];
  try {
    identity = await readClusterIdentity(transport);
    const lists = await Promise.all(
      WATCHED_KINDS.filter((k) => k.kind !== 'Event').map((k) =>
        // An optional kind (the workloads) the cluster will not list only makes the diagnosis
        // less specific: say so and go on, as the map does.
        k.optional
          ? listAll(transport, k.listPath, k.kind, pool).catch((error: unknown) => {
              console.error(
                `switchboard diagnose: note: ${entry.id}: ${k.resource} not read (${describeClusterError(error, transport.server)}); causes that need them are not looked for`,
              );
              unread.push(k.kind);
              return [];
            })
          : listAll(transport, k.listPath, k.kind, pool),
      ),
    );
    records = lists.flat();
  } catch (error) {
    return { ok: false, exitCode: 3, message: describeClusterError(error, transport.server) };
  }
  const snapshot = toClusterSnapshot(records);
  if (unread.length) snapshot.unread = unread;
  const service = snapshot.services.find(
    (s) => s.meta.namespace === namespace && s.meta.name === name,
  );
  if (!service) {
    return {
      ok: false,
      exitCode: 2,
      message: `service "${name}" not found in namespace "${namespace}"`,
    };
  }
  const dnsResults: Record<string, DnsResult> = {};
  if (service.type === 'ExternalName' && service.externalName) {
    dnsResults[service.externalName] = await createDnsChecker({
      simulated: identity.simulated,
    }).resolve(service.externalName);
  }
  return {
    ok: true,
    diagnosis: diagnoseService(service, createDiagnosisContext(snapshot, { dnsResults })),
  };
}
