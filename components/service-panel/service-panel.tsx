'use client';
/**
 * The side panel for one Service: what it is (type, ClusterIP, ports, selector), whether it
 * routes and why not (the diagnosis: summary, evidence, kubectl with copy buttons), its endpoints
 * with their conditions beside the pods they point at ("kubectl get endpoints" next to
 * "kubectl get pods -o wide", done for you), the slim YAML of the objects involved, and the
 * kubectl commands that show the same. Escape closes it and focus returns where it came from.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import clsx from 'clsx';
import { stringify } from 'yaml';
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import type { EndpointNode, PodNode, ServiceNode, Topology } from '@/lib/topology/model';
import type { ClusterSnapshot, PodRecord, SlimRecord } from '@/lib/topology/records';
import {
  CONDITION_TEXT,
  HEALTH_TEXT,
  ORIGIN_TEXT,
  fmt,
  serviceTypeText,
} from '@/lib/graph/describe';
import { cssVar } from '@/components/graph/graph-style';
import {
  HEALTH_COLOR,
  HEALTH_GLYPH,
  CONDITION_COLOR,
  CONDITION_GLYPH,
} from '@/components/graph/graph-style';
import { WriteActions } from '@/components/map/write-actions';
import { ReachabilityCheck } from '@/components/diagnostics/reachability-check';
import { ServiceTimeline } from '@/components/diagnostics/service-timeline';

export interface ServicePanelProps {
  service: ServiceNode;
  diagnosis: ServiceDiagnosis | undefined;
  topology: Topology;
  snapshot: ClusterSnapshot;
  readOnly: boolean;
  onClose: () => void;
  onFocusNode: (id: string) => void;
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="shrink-0 rounded border border-line px-2 py-0.5 text-xs hover:bg-surface-2"
      aria-label={`Copy ${label}`}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => setCopied(false),
        );
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

function Command({ command }: { command: string }) {
  return (
    <li className="flex items-start gap-2">
      <code className="min-w-0 flex-1 rounded bg-surface-2 px-2 py-1 font-mono text-xs break-all">
        {command}
      </code>
      <CopyButton text={command} label={command} />
    </li>
  );
}

function Section({
  title,
  children,
  id,
}: {
  title: string;
  children: React.ReactNode;
  id?: string;
}) {
  return (
    <section aria-labelledby={id} className="border-t border-line px-4 py-3">
      <h3 id={id} className="mb-2 text-sm font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}

function slimYaml(records: SlimRecord[]): string {
  return records.map((r) => stringify(r, { lineWidth: 0 })).join('---\n');
}

export function ServicePanel({
  service,
  diagnosis,
  topology,
  snapshot,
  readOnly,
  onClose,
  onFocusNode,
}: ServicePanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    returnFocus.current = document.activeElement;
    headingRef.current?.focus();
    return () => {
      const el = returnFocus.current;
      if (el instanceof HTMLElement && el.isConnected) el.focus();
    };
  }, [service.id]);

  const ns = service.namespace;
  const name = service.name;
  const { endpoints, pods, overlayPods, records } = useMemo(() => {
    const endpoints = topology.endpoints.filter((e) => e.serviceId === service.id);
    const podsById = new Map<string, PodNode>(topology.pods.map((p) => [p.id, p]));
    const podRecords = new Map<string, PodRecord>(
      snapshot.pods.map((p) => [`pod:${p.meta.uid}`, p]),
    );
    const overlayPods = topology.edges
      .filter((e) => e.source === service.id && e.kind === 'selected-not-endpoint')
      .map((e) => podsById.get(e.target))
      .filter((p): p is PodNode => !!p);
    const svcRecord = snapshot.services.find((s) => s.meta.uid === service.uid);
    const slices = snapshot.endpointSlices.filter(
      (s) => s.meta.namespace === ns && s.serviceName === name,
    );
    const legacy = snapshot.endpoints.filter(
      (e) => e.meta.namespace === ns && e.meta.name === name,
    );
    const records: SlimRecord[] = [...(svcRecord ? [svcRecord] : []), ...slices, ...legacy];
    return { endpoints, pods: { byId: podsById, records: podRecords }, overlayPods, records };
  }, [service.id, service.uid, ns, name, topology, snapshot]);

  const commands = [
    `kubectl get service ${name} -n ${ns} -o wide`,
    `kubectl get endpointslices -n ${ns} -l kubernetes.io/service-name=${name} -o wide`,
    `kubectl get endpoints ${name} -n ${ns}`,
    ...(service.selector && Object.keys(service.selector).length
      ? [
          `kubectl get pods -n ${ns} -o wide -l ${Object.entries(service.selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}`,
        ]
      : []),
    `kubectl describe service ${name} -n ${ns}`,
  ];

  const health = diagnosis?.health ?? service.health;
  const reasons = (diagnosis?.reasons ?? []).filter((r) => r.code !== 'healthy');

  return (
    <aside
      aria-labelledby="service-panel-title"
      data-testid="service-panel"
      className="flex h-full w-full flex-col overflow-hidden border-l border-line bg-surface"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="flex items-start gap-2 px-4 py-3">
        <span
          aria-hidden="true"
          className="text-xl"
          style={{ color: cssVar(HEALTH_COLOR[health]) }}
        >
          {HEALTH_GLYPH[health]}
        </span>
        <div className="min-w-0 flex-1">
          <h2
            id="service-panel-title"
            ref={headingRef}
            tabIndex={-1}
            className="truncate text-base font-semibold"
          >
            Service {ns}/{name}
          </h2>
          <p className="text-sm text-muted">
            {serviceTypeText(service)} ·{' '}
            <span data-testid="service-health">{HEALTH_TEXT[health]}</span> ·{' '}
            {fmt(service.readyCount)} of {fmt(service.endpointCount)} endpoints ready
          </p>
        </div>
        <button
          type="button"
          onClick={onClose}
          className="rounded border border-line px-2 py-1 text-sm hover:bg-surface-2"
          aria-label="Close details (Escape)"
        >
          ✕
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-auto">
        <Section
          title={
            reasons.length === 0
              ? 'Diagnosis'
              : health === 'broken'
                ? 'Why it does not route (diagnosis)'
                : 'What needs attention (diagnosis)'
          }
          id="panel-diagnosis"
        >
          {reasons.length === 0 ? (
            <p className="text-sm">
              {diagnosis ? 'Routes: every check passed.' : 'No diagnosis available.'}
            </p>
          ) : (
            <ul className="space-y-3" data-testid="diagnosis-reasons">
              {reasons.map((reason, i) => (
                <li key={`${reason.code}-${i}`} data-code={reason.code} className="text-sm">
                  <p>
                    <span
                      className={clsx(
                        'mr-1 rounded px-1 text-xs font-semibold uppercase',
                        reason.severity === 'error'
                          ? 'text-bad'
                          : reason.severity === 'warning'
                            ? 'text-warn'
                            : 'text-muted',
                      )}
                    >
                      {reason.severity}
                    </span>
                    <code className="mr-1 text-xs text-muted">{reason.code}</code>
                    {reason.summary}
                  </p>
                  {reason.detail && <p className="mt-1 text-muted">{reason.detail}</p>}
                  {reason.evidence.length > 0 && (
                    <ul className="mt-1 list-disc pl-5 text-xs">
                      {reason.evidence.map((ev, j) => (
                        <li key={j}>
                          {ev.kind} {ev.namespace ? `${ev.namespace}/` : ''}
                          {ev.name}: <code>{ev.field}</code> = <code>{ev.value}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                  {reason.commands.length > 0 && (
                    <ul className="mt-1 space-y-1">
                      {reason.commands.map((c) => (
                        <Command key={c} command={c} />
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section title="Spec" id="panel-spec">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-muted">Type</dt>
            <dd>
              {service.serviceType}
              {service.headless ? ' (headless)' : ''}
            </dd>
            <dt className="text-muted">ClusterIP</dt>
            <dd className="font-mono">{service.clusterIP ?? '—'}</dd>
            {service.externalName && (
              <>
                <dt className="text-muted">ExternalName</dt>
                <dd className="font-mono">{service.externalName}</dd>
              </>
            )}
            <dt className="text-muted">Selector</dt>
            <dd className="font-mono text-xs">
              {service.selector && Object.keys(service.selector).length
                ? Object.entries(service.selector)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ')
                : 'none (selector-less: endpoints are managed by hand)'}
            </dd>
          </dl>
          <table className="mt-2 w-full text-left text-xs">
            <caption className="sr-only">Ports</caption>
            <thead className="text-muted">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Name
                </th>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Port → target
                </th>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Protocol
                </th>
                <th scope="col" className="py-1 font-medium">
                  NodePort
                </th>
              </tr>
            </thead>
            <tbody>
              {service.ports.map((p, i) => (
                <tr key={i} className="border-t border-line">
                  <td className="py-1 pr-2">{p.name ?? '—'}</td>
                  <td className="py-1 pr-2 font-mono">
                    {p.port} → {p.targetPort ?? p.port}
                  </td>
                  <td className="py-1 pr-2">{p.protocol}</td>
                  <td className="py-1 font-mono">{p.nodePort ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {service.selectorless && (
            <div className="mt-2">
              <WriteActions slot="service-panel" service={service} readOnly={readOnly} />
            </div>
          )}
        </Section>

        <Section title={`Endpoints and their pods (${fmt(endpoints.length)})`} id="panel-endpoints">
          <EndpointTable
            endpoints={endpoints}
            pods={pods.byId}
            podRecords={pods.records}
            onFocusNode={onFocusNode}
          />
          {overlayPods.length > 0 && (
            <>
              <h4 className="mt-3 mb-1 text-xs font-semibold">
                Pods the selector matches that are not endpoints ({overlayPods.length})
              </h4>
              <ul className="space-y-1 text-xs" data-testid="overlay-pods">
                {overlayPods.map((p) => {
                  const rec = pods.records.get(p.id);
                  return (
                    <li key={p.id}>
                      <button type="button" className="underline" onClick={() => onFocusNode(p.id)}>
                        {p.namespace}/{p.name}
                      </button>{' '}
                      <span className="font-mono">{p.ip ?? 'no IP'}</span>{' '}
                      {p.nodeName ? `on ${p.nodeName}` : 'not scheduled'} ·{' '}
                      {p.terminating ? 'terminating' : p.ready ? 'ready' : 'not ready'}
                      {rec?.readyReason
                        ? ` (${rec.readyReason}${rec.readyMessage ? `: ${rec.readyMessage}` : ''})`
                        : ''}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </Section>

        {endpoints.some((e) => !e.targetId?.startsWith('pod:')) && (
          <Section title="Reachability of external endpoints" id="panel-reachability">
            <ReachabilityCheck namespace={ns} name={name} />
          </Section>
        )}

        <Section title="Timeline" id="panel-timeline">
          <ServiceTimeline namespace={ns} name={name} />
        </Section>

        <Section title="kubectl that shows the same" id="panel-kubectl">
          <ul className="space-y-1">
            {commands.map((c) => (
              <Command key={c} command={c} />
            ))}
          </ul>
        </Section>

        <Section title="YAML (slim view: only the fields Switchboard keeps)" id="panel-yaml">
          <details>
            <summary className="cursor-pointer text-sm">
              Show {records.length} object{records.length === 1 ? '' : 's'} (Service,
              EndpointSlices, Endpoints)
            </summary>
            <div className="mt-2 flex justify-end">
              <CopyButton text={slimYaml(records)} label="YAML" />
            </div>
            <pre className="mt-1 max-h-96 overflow-auto rounded bg-surface-2 p-2 font-mono text-xs">
              {slimYaml(records)}
            </pre>
          </details>
        </Section>
      </div>
    </aside>
  );
}

function EndpointTable({
  endpoints,
  pods,
  podRecords,
  onFocusNode,
}: {
  endpoints: EndpointNode[];
  pods: Map<string, PodNode>;
  podRecords: Map<string, PodRecord>;
  onFocusNode: (id: string) => void;
}) {
  if (endpoints.length === 0) return <p className="text-sm">No endpoints.</p>;
  const shown = endpoints.slice(0, 500);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="endpoint-table">
        <caption className="sr-only">Endpoints with the pods they point at</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-2 font-medium">
              Endpoint
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Condition
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Target
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Pod IP
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Node / zone
            </th>
            <th scope="col" className="py-1 font-medium">
              Origin
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => {
            const pod = e.targetId ? pods.get(e.targetId) : undefined;
            const rec = pod ? podRecords.get(pod.id) : undefined;
            const port = e.ports
              .map((p) => `${p.port ?? '?'}${p.name ? `/${p.name}` : ''}`)
              .join(', ');
            const ipMismatch = pod && pod.ip && pod.ip !== e.address;
            return (
              <tr
                key={e.id}
                className="border-t border-line align-top"
                data-endpoint={e.address}
                data-condition={e.condition}
              >
                <td className="py-1 pr-2 font-mono">
                  <button type="button" className="underline" onClick={() => onFocusNode(e.id)}>
                    {e.address}
                  </button>
                  <div className="text-muted">{port}</div>
                </td>
                <td className="py-1 pr-2">
                  <span aria-hidden="true" style={{ color: cssVar(CONDITION_COLOR[e.condition]) }}>
                    {CONDITION_GLYPH[e.condition]}{' '}
                  </span>
                  {CONDITION_TEXT[e.condition]}
                  <div className="text-muted">
                    ready={String(e.ready)} serving={String(e.serving)} terminating=
                    {String(e.terminating)}
                  </div>
                </td>
                <td className="py-1 pr-2">
                  {pod ? (
                    <>
                      Pod {pod.namespace}/{pod.name}
                      {rec && !rec.ready && rec.readyReason && (
                        <div className="text-muted">{rec.readyReason}</div>
                      )}
                    </>
                  ) : e.targetRef ? (
                    `${e.targetRef.kind} ${e.targetRef.name} (not in cache)`
                  ) : (
                    'external address'
                  )}
                </td>
                <td className={clsx('py-1 pr-2 font-mono', ipMismatch && 'text-bad')}>
                  {pod?.ip ?? '—'}
                  {ipMismatch && <div>≠ endpoint</div>}
                </td>
                <td className="py-1 pr-2">
                  {e.nodeName ?? pod?.nodeName ?? '—'}
                  {e.zone ? <div className="text-muted">{e.zone}</div> : null}
                </td>
                <td className="py-1">
                  {ORIGIN_TEXT[e.origin]}
                  <div className="text-muted">{e.sources.join(', ')}</div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {endpoints.length > shown.length && (
        <p className="mt-1 text-xs text-muted">
          Showing {fmt(shown.length)} of {fmt(endpoints.length)} endpoints.
        </p>
      )}
    </div>
  );
}
