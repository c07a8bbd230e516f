/**
 * Server-side Table conversion (`kubectl get`): the printer of every served kind, with the
 * columns and cell rules of upstream's `pkg/printers/internalversion/printers.go`. The server
 * always produces every column (its printers run with Wide: true); kubectl hides priority-1
 * columns unless `-o wide`. One module per kind family; this table must name every resource.
 */
import type { ResourceName } from '../../core/types';
import { APPS_PRINTERS } from './apps';
import { CLUSTER_PRINTERS } from './cluster';
import { defaultTable, type ResourcePrinter } from './common';
import { CONFIG_PRINTERS } from './config';
import { COORDINATION_PRINTERS } from './coordination';
import { DISCOVERY_PRINTERS } from './discovery';
import { POD_PRINTERS } from './pods';
import { POLICY_PRINTERS } from './policy';
import { RBAC_PRINTERS } from './rbac';
import { SERVICE_PRINTERS } from './services';

export const PRINTERS: Record<ResourceName, ResourcePrinter> = {
  ...SERVICE_PRINTERS,
  ...DISCOVERY_PRINTERS,
  ...POD_PRINTERS,
  ...CLUSTER_PRINTERS,
  ...APPS_PRINTERS,
  ...CONFIG_PRINTERS,
  ...RBAC_PRINTERS,
  ...POLICY_PRINTERS,
  ...COORDINATION_PRINTERS,
  customresourcedefinitions: defaultTable(),
};
