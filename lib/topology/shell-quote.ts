/**
 * Safe to copy: every shell command the diagnosis, the panel and `switchboard diagnose` print is
 * built here from words, each quoted for a POSIX shell (sh, bash, zsh), because its values come
 * from the cluster and a permissive apiserver accepts anything (a namespace of
 * `default $(touch x) ; curl … | sh ;` must stay one harmless word).
 *
 * Contract: `shellQuote(v)` is a word the shell reads back as exactly `v`: left bare when it holds
 * only characters no shell treats specially, else single-quoted (a `'` inside becomes `'\''`).
 * `shellCommand(words)` joins quoted words — or answers `undefined` when any word holds a control
 * character (newline, escape, …) or a bidi formatting character (U+202E and friends): such a
 * command could not be read as what it does, so it is left out rather than offered. The empty
 * string is quoted as `''`.
 */

/** Characters a shell never interprets in a bare word. */
const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** C0/C1 controls, DEL, and the Unicode bidi/format controls that reorder how text reads. */
const UNSHOWABLE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

export function shellQuote(value: string): string {
  return BARE.test(value) ? value : singleQuoted(value);
}

function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** True when a value can be shown and quoted as itself (no control or bidi characters). */
export function isShowable(value: string): boolean {
  return !UNSHOWABLE.test(value);
}

/** The quoted command line, or `undefined` when some word cannot be shown as itself. */
export function shellCommand(words: readonly string[]): string | undefined {
  const quoted: string[] = [];
  for (const word of words) {
    // A bare word is printable ASCII, so showable: one test decides both for most words.
    if (BARE.test(word)) quoted.push(word);
    else if (isShowable(word)) quoted.push(singleQuoted(word));
    else return undefined;
  }
  return quoted.join(' ');
}

/** `kubectl` and its arguments, quoted; `undefined` as shellCommand. */
export function kubectl(...args: string[]): string | undefined {
  return shellCommand(['kubectl', ...args]);
}

/** The commands that could be built, in order (those left out by shellCommand dropped). */
export function commandList(...commands: (string | undefined)[]): string[] {
  return commands.filter((c): c is string => c !== undefined);
}

/** The EndpointSlices of one Service, found by the `kubernetes.io/service-name` label. */
export function serviceSlicesCommand(namespace: string, name: string): string | undefined {
  return kubectl(
    'get',
    'endpointslices',
    '-n',
    namespace,
    '-l',
    `kubernetes.io/service-name=${name}`,
    '-o',
    'wide',
  );
}

/** The Events in a namespace that a field selector picks (`involvedObject.name=x`, …). */
export function eventsCommand(namespace: string, fieldSelector: string): string | undefined {
  return kubectl('get', 'events', '-n', namespace, '--field-selector', fieldSelector);
}
