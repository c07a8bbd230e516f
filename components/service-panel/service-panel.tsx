'use client';
/**
 * The side panel for one Service: what it is (type, ClusterIP, ports, selector), whether it
 * routes and why not (the diagnosis: summary, evidence, kubectl with copy buttons), its endpoints
 * beside the pods they point at, reachability of external endpoints (not on a recorded
 * snapshot), its timeline, the kubectl
 * commands that show the same, and the slim YAML of the objects involved.
 *
 * Contract: presentational (props only; the map feeds it). Focus moves to its heading when it
 * opens or shows another Service; Escape closes it and focus returns where it came from.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import type { ServiceNode, Topology } from '@/lib/topology/model';
import type { ClusterSnapshot } from '@/lib/topology/records';
import { HEALTH_TEXT, serviceTypeText } from '@/lib/graph/describe';
import { endpointHasNoPort } from '@/lib/graph/serving';
import { HEALTH_COLOR, HEALTH_GLYPH, cssVar } from '@/components/graph/graph-style';
import { ReachabilityCheck } from '@/components/diagnostics/reachability-check';
import { ServiceTimeline } from '@/components/diagnostics/service-timeline';
import { CodeBlock } from '@/components/ui/code-block';
import { CopyButton } from '@/components/ui/copy-button';
import { Glyph } from '@/components/ui/glyph';
import { IconButton } from '@/components/ui/button';
import { CompareLink } from '@/components/clusters/compare-link';
import { ServiceGoneContext } from '@/components/external-service-form';
import { CommandList } from './command-list';
import { DiagnosisSection } from './diagnosis-section';
import { EndpointsSection } from './endpoints-section';
import { PanelSection } from './panel-section';
import {
  headerCountText,
  isExternalName,
  kubectlCommands,
  recordKindsText,
  serviceDetails,
  slimYaml,
} from './service-details';
import { SpecSection } from './spec-section';

export interface ServicePanelProps {
  service: ServiceNode;
  diagnosis: ServiceDiagnosis | undefined;
  topology: Topology;
  snapshot: ClusterSnapshot;
  readOnly: boolean;
  /**
   * A recorded snapshot's instant (`switchboard view`): nothing to probe, so no reachability
   * check, and the timeline's replay counts back from it.
   */
  recordedAt?: string;
  onClose: () => void;
  onFocusNode: (id: string) => void;
  /**
   * Where the focus goes when the panel goes with the focus in it and the element that had it
   * before is gone too: the Service deleted while its panel was open takes its outline row away.
   */
  onFocusLost?: () => void;
  /**
   * The Service is no longer in the cluster, and the panel stays only for the dialog open in it
   * (service-panel-pane.tsx): it says so, and so does the dialog.
   */
  gone?: boolean;
}

/**
 * The focus is where the user enters something (a search box, a slider, a checkbox): no panel is
 * opened from there, so a panel that opens there opened by itself (a deep-linked Service that
 * appears, the map back to live) and leaves the focus, and the typing, where they are.
 */
function isEntering(el: Element | null): boolean {
  return (
    el instanceof HTMLInputElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el instanceof HTMLElement && el.isContentEditable)
  );
}

/**
 * Moves focus to `ref` per `key` (unless the user is entering something elsewhere), and gives it back to where it was when the panel closes or
 * shows another Service, if the focus was in the panel (or, the panel gone, nowhere). Focus the
 * user put elsewhere stays there: a click on another Service's row closes this panel before the
 * next one opens, and taking the focus back to this one's opener then made that row the one the
 * next panel gave the focus back to. An opener no longer in the document, or none (the page
 * opened on the panel), hands over to `onFocusLost`, so the focus is never left on <body>.
 */
function useFocusOnOpen(
  ref: React.RefObject<HTMLElement | null>,
  panelRef: React.RefObject<HTMLElement | null>,
  key: string,
  onFocusLost: (() => void) | undefined,
) {
  const returnFocus = useRef<Element | null>(null);
  const lost = useRef(onFocusLost);
  useEffect(() => {
    lost.current = onFocusLost;
  });
  useEffect(() => {
    const panel = panelRef.current;
    returnFocus.current = document.activeElement;
    if (!isEntering(document.activeElement)) ref.current?.focus();
    return () => {
      const el = returnFocus.current;
      const now = document.activeElement;
      const inPanel = !now || now === document.body || !!panel?.contains(now);
      if (!inPanel) return;
      // Opened with the focus nowhere (a link): there is nothing to give it back to either.
      if (el instanceof HTMLElement && el.isConnected && el !== document.body) el.focus();
      else lost.current?.();
    };
  }, [ref, panelRef, key]);
}

function YamlSection({ yaml, count, kinds }: { yaml: string; count: number; kinds: string }) {
  return (
    <PanelSection title="YAML (slim view: only the fields Switchboard keeps)" id="panel-yaml">
      <details>
        <summary className="cursor-pointer text-sm">
          Show {count} object{count === 1 ? '' : 's'} ({kinds})
        </summary>
        <div className="mt-2 flex justify-end">
          <CopyButton text={yaml} label="YAML" />
        </div>
        <CodeBlock className="mt-1 max-h-96">{yaml}</CodeBlock>
      </details>
    </PanelSection>
  );
}

export function ServicePanel({
  service,
  diagnosis,
  topology,
  snapshot,
  readOnly,
  recordedAt,
  onClose,
  onFocusNode,
  onFocusLost,
  gone = false,
}: ServicePanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  useFocusOnOpen(headingRef, panelRef, service.id, onFocusLost);
  const details = useMemo(
    () => serviceDetails(service, topology, snapshot),
    [service, topology, snapshot],
  );
  const { namespace: ns, name } = service;
  const health = diagnosis?.health ?? service.health;
  const noPort = details.endpoints.filter((e) => endpointHasNoPort(e, service)).length;
  const counts = headerCountText(service, noPort);
  const externalName = isExternalName(service);

  return (
    <aside
      ref={panelRef}
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
        <Glyph className="text-xl" color={cssVar(HEALTH_COLOR[health])}>
          {HEALTH_GLYPH[health]}
        </Glyph>
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
            {counts ?? (
              <>
                DNS alias for <span className="font-mono">{service.externalName ?? '(none)'}</span>
              </>
            )}
          </p>
          <CompareLink namespace={ns} name={name} />
        </div>
        <IconButton label="Close details (Escape)" icon="✕" onClick={onClose} />
      </header>
      {gone && (
        <p
          className="bg-banner px-4 py-1 text-sm font-medium text-banner-fg"
          data-testid="service-gone"
        >
          No longer in the cluster: this is the Service as it was, kept while its dialog is open.
        </p>
      )}
      <ServiceGoneContext value={gone}>
        <div className="min-h-0 flex-1 overflow-auto">
          <DiagnosisSection
            service={service}
            diagnosis={diagnosis}
            health={health}
            readOnly={readOnly}
          />
          <SpecSection service={service} diagnosis={diagnosis} readOnly={readOnly} />
          {!externalName && (
            <EndpointsSection
              service={service}
              details={details}
              onFocusNode={onFocusNode}
              unjudged={diagnosis?.reasons.some((r) => r.code === 'not-judged')}
            />
          )}
          {details.endpoints.some((e) => !e.targetId?.startsWith('pod:')) && (
            <PanelSection title="Reachability of external endpoints" id="panel-reachability">
              {recordedAt ? (
                <p className="text-sm text-muted">
                  Not checked: this is a recorded snapshot, and nothing is probed from it.
                </p>
              ) : (
                <ReachabilityCheck namespace={ns} name={name} />
              )}
            </PanelSection>
          )}
          <PanelSection title="Timeline" id="panel-timeline">
            <ServiceTimeline namespace={ns} name={name} recordedAt={recordedAt} />
          </PanelSection>
          <PanelSection title="kubectl that shows the same" id="panel-kubectl">
            <CommandList
              commands={kubectlCommands(
                service,
                details.records.some((r) => r.kind === 'Endpoints'),
                snapshot,
              )}
            />
          </PanelSection>
          <YamlSection
            yaml={slimYaml(details.records)}
            count={details.records.length}
            kinds={recordKindsText(details.records)}
          />
        </div>
      </ServiceGoneContext>
    </aside>
  );
}
