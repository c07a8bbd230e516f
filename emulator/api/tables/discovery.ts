/**
 * The EndpointSlice Table: upstream's printEndpointSlice (pkg/printers/internalversion/printers.go).
 */
import { translateTimestampSince } from './duration';
import { ageCol, col, listWithMore, nameCol, type Printer, type ResourcePrinter } from './common';

interface Slice {
  addressType?: string;
  ports?: { name?: string | null; port?: number | null }[] | null;
  endpoints?: { addresses?: string[] }[] | null;
}

export function formatDiscoveryPorts(ports: Slice['ports']): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const p of ports ?? []) {
    if (list.length < max) {
      let portNum = '*';
      if (typeof p.port === 'number') portNum = String(p.port);
      else if (typeof p.name === 'string') portNum = p.name;
      list.push(portNum);
    } else if (list.length === max) more = true;
    count++;
  }
  return listWithMore(list, more, count, max, '<unset>');
}

export function formatDiscoveryEndpoints(endpoints: Slice['endpoints']): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ep of endpoints ?? []) {
    for (const address of ep.addresses ?? []) {
      if (list.length < max) list.push(address);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count, max, '<unset>');
}

const printEndpointSlice: Printer = (obj, now) => {
  const slice = obj as unknown as Slice;
  return {
    cells: [
      obj.metadata.name ?? '',
      slice.addressType ?? '',
      formatDiscoveryPorts(slice.ports),
      formatDiscoveryEndpoints(slice.endpoints),
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ],
  };
};

export const DISCOVERY_PRINTERS = {
  endpointslices: {
    columns: [
      nameCol(),
      col(
        'AddressType',
        'addressType specifies the type of address carried by this EndpointSlice.',
      ),
      col(
        'Ports',
        'ports specifies the list of network ports exposed by each endpoint in this slice.',
      ),
      col('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
      ageCol(),
    ],
    print: printEndpointSlice,
  },
} satisfies Record<string, ResourcePrinter>;
