/**
 * The Service's endpoints beside the pods they point at ("kubectl get endpoints" next to
 * "kubectl get pods -o wide", done for you): condition as every view shows it (lib/graph/serving.ts:
 * an endpoint with no port is "no port, not serving"), target, pod IP (a mismatch with the
 * endpoint address is flagged in words), node and zone, origin. Then the pods the selector
 * matches that are not endpoints, with why not. Addresses and pods focus their node on the map.
 */
import clsx from 'clsx';
import type { EndpointNode, PodNode, ServiceNode } from '@/lib/topology/model';
import type { PodRecord } from '@/lib/topology/records';
import { CONDITION_TEXT, ORIGIN_TEXT, fmt, hiddenTargetText } from '@/lib/graph/describe';
import { drawCondition } from '@/lib/graph/serving';
import { CONDITION_COLOR, CONDITION_GLYPH, cssVar } from '@/components/graph/graph-style';
import { Button } from '@/components/ui/button';
import { Glyph } from '@/components/ui/glyph';
import { PanelSection } from './panel-section';
import type { ServiceDetails } from './service-details';
import { ClusterText } from '@/components/ui/cluster-text';

/** At most this many rows: a table of thousands helps nobody; the count says what is left out. */
const MAX_ROWS = 500;
const TH = 'py-1 pr-2 font-medium';

function targetCell(e: EndpointNode, pod: PodNode | undefined, rec: PodRecord | undefined) {
  if (pod)
    return (
      <>
        Pod {pod.namespace}/{pod.name}
        {rec && !rec.ready && rec.readyReason && (
          <div className="text-muted">{rec.readyReason}</div>
        )}
      </>
    );
  if (e.targetHidden) return hiddenTargetText(e);
  if (e.targetRef) return `${e.targetRef.kind} ${e.targetRef.name} (not in cache)`;
  return 'external address';
}

function EndpointRow({
  endpoint: e,
  service,
  details,
  onFocusNode,
}: {
  endpoint: EndpointNode;
  service: ServiceNode;
  details: ServiceDetails;
  onFocusNode: (id: string) => void;
}) {
  // The condition every view shows (a "ready" endpoint with no port serves nothing).
  const condition = drawCondition(e, service);
  const pod = e.targetId ? details.pods.get(e.targetId) : undefined;
  const rec = pod ? details.podRecords.get(pod.id) : undefined;
  const port = e.ports.length
    ? e.ports.map((p) => `${p.port ?? '?'}${p.name ? `/${p.name}` : ''}`).join(', ')
    : 'no port';
  const ipMismatch = pod && pod.ip && pod.ip !== e.address;
  return (
    <tr
      className="border-t border-line align-top"
      data-endpoint={e.address}
      data-condition={condition}
    >
      <td className="py-1 pr-2 font-mono">
        <Button variant="link" onClick={() => onFocusNode(e.id)}>
          {e.address}
        </Button>
        <div className="text-muted">{port}</div>
      </td>
      <td className="py-1 pr-2">
        <Glyph color={cssVar(CONDITION_COLOR[condition])}>{CONDITION_GLYPH[condition]} </Glyph>
        {CONDITION_TEXT[condition]}
        <div className="text-muted">
          ready={String(e.ready)} serving={String(e.serving)} terminating={String(e.terminating)}
        </div>
      </td>
      <td className="py-1 pr-2">{targetCell(e, pod, rec)}</td>
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
}

/** What the section and its table are given: the Service, its details, and how to focus a node. */
export interface EndpointsSectionProps {
  service: ServiceNode;
  details: ServiceDetails;
  onFocusNode: (id: string) => void;
  /**
   * The diagnosis could not judge the endpoints (its `not-judged` reason: what would hold them is
   * not visible, or not read yet): seeing none is then not "no endpoints".
   */
  unjudged?: boolean;
}

function EndpointTable({ service, details, onFocusNode, unjudged }: EndpointsSectionProps) {
  const { endpoints } = details;
  if (endpoints.length === 0)
    return (
      <p className="text-sm">
        {unjudged
          ? 'None seen; whether it has any is not judged (see the diagnosis).'
          : 'No endpoints.'}
      </p>
    );
  const shown = endpoints.slice(0, MAX_ROWS);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="endpoint-table">
        <caption className="sr-only">Endpoints with the pods they point at</caption>
        <thead className="text-muted">
          <tr>
            {['Endpoint', 'Condition', 'Target', 'Pod IP', 'Node / zone'].map((h) => (
              <th key={h} scope="col" className={TH}>
                {h}
              </th>
            ))}
            <th scope="col" className="py-1 font-medium">
              Origin
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <EndpointRow
              key={e.id}
              endpoint={e}
              service={service}
              details={details}
              onFocusNode={onFocusNode}
            />
          ))}
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

function podState(p: PodNode, rec: PodRecord | undefined) {
  const state = p.terminating ? 'terminating' : p.ready ? 'ready' : 'not ready';
  const why = rec?.readyReason
    ? ` (${rec.readyReason}${rec.readyMessage ? `: ${rec.readyMessage}` : ''})`
    : '';
  return `${state}${why}`;
}

function OverlayPods({
  details,
  onFocusNode,
}: {
  details: ServiceDetails;
  onFocusNode: (id: string) => void;
}) {
  const { overlayPods } = details;
  if (overlayPods.length === 0) return null;
  return (
    <>
      <h4 className="mt-3 mb-1 text-xs font-semibold">
        Pods the selector matches that are not endpoints ({overlayPods.length})
      </h4>
      <ul className="space-y-1 text-xs" data-testid="overlay-pods">
        {overlayPods.map((p) => (
          <li key={p.id}>
            <Button variant="link" onClick={() => onFocusNode(p.id)}>
              {p.namespace}/{p.name}
            </Button>{' '}
            <span className="font-mono">{p.ip ?? 'no IP'}</span>{' '}
            {p.nodeName ? `on ${p.nodeName}` : 'not scheduled'} ·{' '}
            <ClusterText
              text={podState(p, details.podRecords.get(p.id))}
              max={200}
              of={`the state of pod ${p.namespace}/${p.name}`}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

export function EndpointsSection({
  service,
  details,
  onFocusNode,
  unjudged,
}: EndpointsSectionProps) {
  return (
    <PanelSection
      title={`Endpoints and their pods (${fmt(details.endpoints.length)})`}
      id="panel-endpoints"
    >
      <EndpointTable
        service={service}
        details={details}
        onFocusNode={onFocusNode}
        unjudged={unjudged}
      />
      <OverlayPods details={details} onFocusNode={onFocusNode} />
    </PanelSection>
  );
}
