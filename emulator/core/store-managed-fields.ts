/**
 * Where the store's writes meet the field manager: every create, update and /status or /scale
 * write records who set which fields in metadata.managedFields (./managed-fields/field-manager.ts),
 * under the kind's schema (supplied from outside core, from the served OpenAPI; without one the
 * whole object is schema-less and lists are atomic) and the writer's manager name. A write with
 * no manager name (the emulator's own seeding) still takes the fields it changes away from
 * their earlier owners, but records no entry of its own. A server-side apply brings its own
 * managedFields (the apply computed them), which are kept. An object the kind's types cannot
 * hold loses its managedFields instead of failing the write, as upstream's UpdateNoErrors does.
 */
import { updateManagedFields } from './managed-fields/field-manager';
import { DEDUCED, type KindSchema } from './managed-fields/schema';
import { TypeErrors } from './managed-fields/typed-sets';
import { RESOURCES } from './resources';
import type { StoreContext } from './store-context';
import { timestamp } from './time';
import type { KubeObject, ResourceName, WriteOptions } from './types';

const SCHEMALESS: KindSchema = { type: DEDUCED, empty: {} };

export function stampManagedFields(
  ctx: StoreContext,
  resource: ResourceName,
  live: KubeObject | undefined,
  next: KubeObject,
  opts: WriteOptions,
  subresource?: 'status' | 'scale',
): void {
  if (opts.appliedManagedFields) return;
  const info = RESOURCES[resource];
  try {
    updateManagedFields(
      live,
      next,
      {
        manager: opts.fieldManager,
        apiVersion: info.apiVersion,
        statusIsSubresource: info.hasStatus,
        subresource: subresource ?? opts.subresource,
        time: () => timestamp(ctx.now()),
      },
      ctx.kindSchema?.(resource) ?? SCHEMALESS,
    );
  } catch (error) {
    // An object the kind's types cannot hold (a list-map element without its key, say) is not
    // the writer's fault here: upstream's UpdateNoErrors drops managedFields and writes on.
    if (!(error instanceof TypeErrors)) throw error;
    delete next.metadata.managedFields;
  }
}
