/**
 * The subresources that are not the object itself: `/scale` (autoscaling/v1 Scale over
 * spec.replicas, as pkg/registry/apps/deployment/storage ScaleREST reads and writes it) and
 * pods `/binding` (the scheduler's Binding, created with 201 and a Success Status). `/status` and
 * `/finalize` are the object and are written by ./write.ts.
 */
import { parse as parseYaml } from 'yaml';
import { badRequest, conflict, fieldInvalid, invalid, OBJECT_MODIFIED } from '../../core/errors';
import { labelSelectorToString } from '../../core/label-selectors';
import type { KubeObject } from '../../core/types';
import { successStatus } from '../responses';
import type { RestContext, RestRequest } from './context';
import { checkUnknownFields, mediaType, unrecognized } from './decode';
import { respond } from './output';
import { writeParams, type WriteParams } from './query';
import { admit, existingOrThrow } from './write';

export function scaleOf(object: KubeObject): KubeObject {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const status = (object.status ?? {}) as Record<string, unknown>;
  const meta = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: {
      replicas: typeof status.replicas === 'number' ? status.replicas : 0,
      selector: labelSelectorToString(spec.selector),
    },
  };
}

export function writeScale(
  ctx: RestContext,
  req: RestRequest,
  existing: KubeObject,
  scale: KubeObject,
  params: WriteParams,
): Response {
  const { route } = req;
  const { info } = route;
  const meta = scale.metadata ?? {};
  if (meta.name !== undefined && meta.name !== route.name) {
    throw badRequest(
      `the name of the object (${String(meta.name)}) does not match the name on the URL (${route.name ?? ''})`,
    );
  }
  if (meta.resourceVersion && meta.resourceVersion !== existing.metadata.resourceVersion) {
    throw conflict(info.resource, info.group, route.name ?? '', OBJECT_MODIFIED);
  }
  const replicas = (scale.spec as Record<string, unknown> | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', 'autoscaling', route.name ?? '', [
      typeof replicas === 'number'
        ? fieldInvalid('spec.replicas', replicas, 'must be greater than or equal to 0')
        : fieldInvalid('spec.replicas', replicas ?? null, 'must be an integer'),
    ]);
  }
  const target = { namespace: route.namespace ?? '', name: route.name ?? '' };
  admit(ctx, req, 'UPDATE', { ...target, object: scale, oldObject: existing }, params.dryRun);
  const next = structuredClone(existing) as KubeObject;
  (next.spec as Record<string, unknown>).replicas = replicas;
  const result = ctx.store.update(info.resource, next, {
    dryRun: params.dryRun,
    fieldManager: params.manager,
    subresource: 'scale',
  });
  return respond(ctx, 200, scaleOf(result), info);
}

export function updateScale(ctx: RestContext, req: RestRequest, params: WriteParams): Response {
  const existing = existingOrThrow(ctx, req.route);
  const text = new TextDecoder().decode(req.body);
  let scale: unknown;
  try {
    scale = mediaType(req.request) === 'application/yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw unrecognized('Scale', error, text);
  }
  if (typeof scale !== 'object' || scale === null) {
    throw badRequest('the object provided is unrecognized (must be of type Scale)');
  }
  const s = scale as KubeObject;
  checkUnknownFields('scale', s, params);
  if (s.apiVersion !== undefined && s.apiVersion !== 'autoscaling/v1') {
    throw badRequest(
      `the API version in the data (${String(s.apiVersion)}) does not match the expected API version (autoscaling/v1)`,
    );
  }
  return writeScale(ctx, req, existing, s, params);
}

export function bind(ctx: RestContext, req: RestRequest): Response {
  const { route } = req;
  const params = writeParams(req.url, 'CreateOptions', req.request.headers.get('user-agent'));
  const text = new TextDecoder().decode(req.body);
  let binding: { metadata?: { name?: string }; target?: { name?: string; kind?: string } };
  try {
    binding = JSON.parse(text) as typeof binding;
  } catch (error) {
    throw unrecognized('Binding', error, text);
  }
  const target = binding?.target?.name;
  if (!target) {
    throw invalid('Binding', '', binding?.metadata?.name ?? route.name ?? '', [
      { reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' },
    ]);
  }
  const object = { apiVersion: 'v1', kind: 'Binding', ...binding } as KubeObject;
  object.metadata = { ...binding.metadata, name: binding.metadata?.name ?? route.name };
  const pod = { namespace: route.namespace ?? '', name: route.name ?? '', object };
  admit(ctx, req, 'CREATE', pod, params.dryRun);
  ctx.store.bindPod(route.namespace ?? '', route.name ?? '', target, { dryRun: params.dryRun });
  return respond(ctx, 201, successStatus({ code: 201 }), route.info);
}
