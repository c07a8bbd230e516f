/**
 * The Table of coordination.k8s.io Leases: upstream's printLease (NAME, HOLDER — the
 * holderIdentity, empty when unset — and AGE; pkg/printers/internalversion/printers.go).
 */
import { translateTimestampSince } from './duration';
import { ageCol, col, nameCol, type Printer, type ResourcePrinter } from './common';

const printLease: Printer = (obj, now) => ({
  cells: [
    obj.metadata.name ?? '',
    (obj.spec as { holderIdentity?: string } | undefined)?.holderIdentity ?? '',
    translateTimestampSince(obj.metadata.creationTimestamp, now),
  ],
});

export const COORDINATION_PRINTERS = {
  leases: {
    columns: [nameCol(), col('Holder', 'The holder of the lease.'), ageCol()],
    print: printLease,
  },
} satisfies Record<string, ResourcePrinter>;
