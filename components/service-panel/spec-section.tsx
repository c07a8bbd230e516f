/**
 * What the Service is: type, ClusterIP, selector and ports, with "Edit endpoints" and "Delete
 * Service…" for a selector-less one (the write-action slot decides which Services). An ExternalName Service instead shows the name
 * it points at and what the server's DNS lookup said; it has no ClusterIP, and a selector only
 * when one was set (ignored).
 */
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import type { ServiceNode } from '@/lib/topology/model';
import { WriteActions } from '@/components/external-service-form';
import { ClusterText } from '@/components/ui/cluster-text';
import { PanelSection } from './panel-section';
import { dnsText, isExternalName, selectorRowText } from './service-details';

const TH = 'py-1 pr-2 font-medium';

function PortsTable({ service }: { service: ServiceNode }) {
  return (
    <table className="mt-2 w-full text-left text-xs">
      <caption className="sr-only">Ports</caption>
      <thead className="text-muted">
        <tr>
          <th scope="col" className={TH}>
            Name
          </th>
          <th scope="col" className={TH}>
            Port → target
          </th>
          <th scope="col" className={TH}>
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
  );
}

export function SpecSection({
  service,
  diagnosis,
  readOnly,
}: {
  service: ServiceNode;
  /** Where an ExternalName's DNS answer is read from (its evidence). */
  diagnosis: ServiceDiagnosis | undefined;
  readOnly: boolean;
}) {
  const externalName = isExternalName(service);
  const selector = selectorRowText(service);
  return (
    <PanelSection title="Spec" id="panel-spec">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-muted">Type</dt>
        <dd>
          {service.serviceType}
          {service.headless ? ' (headless)' : ''}
        </dd>
        {externalName ? (
          <>
            <dt className="text-muted">ExternalName</dt>
            <dd className="font-mono">
              <ClusterText text={service.externalName ?? '(none)'} />
            </dd>
            <dt className="text-muted">DNS</dt>
            <dd data-testid="external-name-dns">
              <ClusterText
                text={dnsText(diagnosis)}
                max={300}
                of={`the DNS answer for ${service.namespace}/${service.name}`}
              />
            </dd>
          </>
        ) : (
          <>
            <dt className="text-muted">ClusterIP</dt>
            <dd className="font-mono">{service.clusterIP ?? '—'}</dd>
          </>
        )}
        {selector !== undefined && (
          <>
            <dt className="text-muted">Selector</dt>
            <dd className="font-mono text-xs">{selector}</dd>
          </>
        )}
      </dl>
      {service.ports.length > 0 ? (
        <PortsTable service={service} />
      ) : (
        <p className="mt-2 text-sm text-muted">
          {externalName
            ? 'No ports: clients reach the name above on whatever port they use.'
            : 'No ports.'}
        </p>
      )}
      <WriteActions slot="service-panel" service={service} readOnly={readOnly} />
    </PanelSection>
  );
}
