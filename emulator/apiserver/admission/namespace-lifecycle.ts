/**
 * The NamespaceLifecycle admission plugin (staging/src/k8s.io/apiserver/pkg/admission/plugin/
 * namespace/lifecycle/admission.go): the immortal namespaces (default, kube-system, kube-public)
 * may not be deleted; nothing is written into a namespace that does not exist (404 on the
 * namespace); nothing is created in a namespace that is terminating (403 with the
 * NamespaceTerminating cause). Namespaces themselves, cluster-scoped resources and deletes of
 * other resources always pass.
 *
 * The store keeps the same guard for writers inside the process (the controllers), which do not
 * pass through the handler chain.
 */
import { forbidden, notFound } from '../../core/errors';
import { IMMORTAL_NAMESPACES } from '../../core/resources';
import type { CoreStore } from '../../core/store';
import type { AdmissionAttributes, AdmissionPlugin } from './admission';

/** admission.NewForbidden names the object, or its generateName before a name is generated. */
function objectName(attributes: AdmissionAttributes): string {
  const meta = attributes.object?.metadata;
  return meta?.name || meta?.generateName || 'Unknown';
}

export function namespaceLifecycle(store: CoreStore): AdmissionPlugin {
  return {
    admit(attributes) {
      const { operation, namespace } = attributes;
      const isNamespace = attributes.resource.resource === 'namespaces';
      if (operation === 'DELETE' && isNamespace && IMMORTAL_NAMESPACES.has(attributes.name)) {
        throw forbidden('namespaces', '', attributes.name, 'this namespace may not be deleted');
      }
      if (isNamespace || namespace === '' || operation === 'DELETE') return;
      const ns = store.get('namespaces', '', namespace);
      if (!ns) throw notFound('namespaces', '', namespace);
      const phase = (ns.status as { phase?: unknown } | undefined)?.phase;
      if (operation === 'CREATE' && phase === 'Terminating') {
        const { resource } = attributes;
        throw forbidden(
          resource.resource,
          resource.group,
          objectName(attributes),
          `unable to create new content in namespace ${namespace} because it is being terminated`,
          [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        );
      }
    },
  };
}
