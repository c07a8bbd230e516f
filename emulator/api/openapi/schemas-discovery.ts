/**
 * OpenAPI v3 schemas of discovery.k8s.io/v1 EndpointSlice (k8s.io/api/discovery/v1), in the
 * shape of ./schemas.ts.
 */
import {
  atomic,
  bool,
  int32,
  kindWithList,
  obj,
  P,
  ref,
  s,
  strMap,
  strs,
  type GroupVersion,
  type Schema,
} from './builders';

const discoveryEndpoint = obj(
  'Endpoint represents a single logical "backend" implementing a service.',
  {
    addresses: { ...strs, 'x-kubernetes-list-type': 'set' },
    conditions: ref('io.k8s.api.discovery.v1.EndpointConditions'),
    deprecatedTopology: strMap,
    hints: obj('EndpointHints provides hints describing how an endpoint should be consumed.', {
      forNodes: atomic(obj('ForNode', { name: s() }, ['name'])),
      forZones: atomic(obj('ForZone', { name: s() }, ['name'])),
    }),
    hostname: s(),
    nodeName: s(),
    targetRef: ref(`${P}ObjectReference`),
    zone: s(),
  },
  ['addresses'],
);

const DISCOVERY_V1: GroupVersion = {
  prefix: 'io.k8s.api.discovery.v1.',
  group: 'discovery.k8s.io',
  version: 'v1',
};

export const DISCOVERY_SCHEMAS: Record<string, Schema> = {
  ...kindWithList(
    DISCOVERY_V1,
    'EndpointSlice',
    'EndpointSlice represents a set of service endpoints.',
    {
      addressType: s('addressType specifies the type of address carried by this EndpointSlice.'),
      endpoints: atomic(ref('io.k8s.api.discovery.v1.Endpoint')),
      ports: atomic(ref('io.k8s.api.discovery.v1.EndpointPort')),
    },
  ),
  'io.k8s.api.discovery.v1.Endpoint': discoveryEndpoint,
  'io.k8s.api.discovery.v1.EndpointConditions': obj(
    'EndpointConditions represents the current condition of an endpoint.',
    {
      ready: bool,
      serving: bool,
      terminating: bool,
    },
  ),
  'io.k8s.api.discovery.v1.EndpointPort': {
    ...obj('EndpointPort represents a Port used by an EndpointSlice', {
      appProtocol: s(),
      name: s(),
      port: int32,
      protocol: s(),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
};
