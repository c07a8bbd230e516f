/**
 * OpenAPI v3 component schemas for the served kinds, named as upstream names them
 * (`io.k8s.api.core.v1.Service`, …), one module per API group (./schemas-*.ts, built with
 * ./builders.ts) assembled here into COMPONENTS. They cover the fields people write in manifests;
 * deep structures the emulator does not model (volumes, affinity, security contexts, probes'
 * handlers) are open objects (`x-kubernetes-preserve-unknown-fields`) so that valid manifests
 * never fail the strict unknown-field check built on these schemas (./unknown-fields.ts).
 */

import { type Schema } from './builders';
import { APIEXTENSIONS_SCHEMAS } from './schemas-apiextensions';
import { APPS_SCHEMAS } from './schemas-apps';
import { AUTHENTICATION_SCHEMAS } from './schemas-authentication';
import { AUTHORIZATION_SCHEMAS } from './schemas-authorization';
import { CONFIG_SCHEMAS } from './schemas-config';
import { COORDINATION_SCHEMAS } from './schemas-coordination';
import { CORE_SCHEMAS } from './schemas-core';
import { DISCOVERY_SCHEMAS } from './schemas-discovery';
import { META_SCHEMAS } from './schemas-meta';
import { POD_SCHEMAS } from './schemas-pod';
import { POLICY_SCHEMAS } from './schemas-policy';
import { RBAC_SCHEMAS } from './schemas-rbac';

export const COMPONENTS: Record<string, Schema> = {
  ...META_SCHEMAS,
  ...CORE_SCHEMAS,
  ...POD_SCHEMAS,
  ...CONFIG_SCHEMAS,
  ...APPS_SCHEMAS,
  ...DISCOVERY_SCHEMAS,
  ...POLICY_SCHEMAS,
  ...COORDINATION_SCHEMAS,
  ...RBAC_SCHEMAS,
  ...APIEXTENSIONS_SCHEMAS,
  ...AUTHENTICATION_SCHEMAS,
  ...AUTHORIZATION_SCHEMAS,
};

/** The component names reachable from `roots` through $ref (each document carries its closure). */
export function closure(roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') {
        const name = v.replace('#/components/schemas/', '');
        if (!seen.has(name)) {
          seen.add(name);
          visit(COMPONENTS[name]);
        }
      } else visit(v);
    }
  };
  for (const r of roots) {
    if (!seen.has(r)) {
      seen.add(r);
      visit(COMPONENTS[r]);
    }
  }
  return [...seen].sort();
}
