/**
 * More apimachinery string validators with their exact messages (k8s.io/apimachinery
 * pkg/util/validation and pkg/api/validation/path): ConfigMap/Secret keys, path-segment names
 * (the minimal name rule of RBAC objects and of kinds without their own name rule) and percent
 * strings. Each returns the list of failure messages (empty = valid), as upstream does.
 */
import { maxLenError, regexError, type NameValidator } from '../../core/names';

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyErrMsg =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const configMapKeyRe = new RegExp(`^${configMapKeyFmt}$`);

/** IsConfigMapKey: a file name a volume can project the key to. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!configMapKeyRe.test(value))
    errs.push(regexError(configMapKeyErrMsg, configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** path.IsValidPathSegmentName: the name must be usable as one URL path segment. */
export function isValidPathSegmentName(name: string): string[] {
  for (const illegal of ['.', '..']) if (name === illegal) return [`may not be '${illegal}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/** The RBAC registries' minimalNameRequirements (generateName prefixes are checked the same). */
export const nameIsPathSegment: NameValidator = (name) => isValidPathSegmentName(name);

const percentFmt = '[0-9]+%';
const percentErrMsg = "a valid percent string must be a numeric string followed by an ending '%'";

export function isValidPercent(value: string): string[] {
  return new RegExp(`^${percentFmt}$`).test(value)
    ? []
    : [regexError(percentErrMsg, percentFmt, '1%', '93%')];
}
