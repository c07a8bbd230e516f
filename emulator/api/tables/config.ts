/**
 * Tables for ConfigMaps and ServiceAccounts: upstream's printConfigMap (DATA counts data and
 * binaryData keys) and printServiceAccount (SECRETS counts the listed secrets)
 * (pkg/printers/internalversion/printers.go).
 */
import { translateTimestampSince } from './duration';
import { ageCol, col, nameCol, type Printer, type ResourcePrinter } from './common';

const count = (value: unknown): number =>
  Array.isArray(value)
    ? value.length
    : value && typeof value === 'object'
      ? Object.keys(value).length
      : 0;

const printConfigMap: Printer = (obj, now) => ({
  cells: [
    obj.metadata.name ?? '',
    count(obj.data) + count(obj.binaryData),
    translateTimestampSince(obj.metadata.creationTimestamp, now),
  ],
});

const printServiceAccount: Printer = (obj, now) => ({
  cells: [
    obj.metadata.name ?? '',
    count(obj.secrets),
    translateTimestampSince(obj.metadata.creationTimestamp, now),
  ],
});

export const CONFIG_PRINTERS = {
  configmaps: {
    columns: [
      nameCol(),
      col(
        'Data',
        "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
      ),
      ageCol(),
    ],
    print: printConfigMap,
  },
  serviceaccounts: {
    columns: [
      nameCol(),
      col(
        'Secrets',
        'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
      ),
      ageCol(),
    ],
    print: printServiceAccount,
  },
} satisfies Record<string, ResourcePrinter>;
