/**
 * What the Service is: type, ClusterIP, ExternalName, selector and ports, with "Edit endpoints"
 * for a selector-less Service (the write-action slot).
 */
import type { ServiceNode } from '@/lib/topology/model';
import { WriteActions } from '@/components/external-service-form';
import { PanelSection } from './panel-section';
import { selectorText } from './service-details';

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

export function SpecSection({ service, readOnly }: { service: ServiceNode; readOnly: boolean }) {
  const selector = selectorText(service, ', ');
  return (
    <PanelSection title="Spec" id="panel-spec">
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
          {selector || 'none (selector-less: endpoints are managed by hand)'}
        </dd>
      </dl>
      <PortsTable service={service} />
      {service.selectorless && (
        <div className="mt-2">
          <WriteActions slot="service-panel" service={service} readOnly={readOnly} />
        </div>
      )}
    </PanelSection>
  );
}
