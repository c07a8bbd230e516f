/**
 * One page of a Kubernetes list (`{"kind":…,"metadata":{…},"items":[…]}`), parsed item by item
 * as its text arrives, so the page's text and its parsed objects are never held whole.
 *
 * Why: parsing a whole page at once keeps every raw object of it alive while the page is slimmed
 * (lib/k8s/slim.ts), long enough for the young generation's collections to promote them to the
 * old generation, where they are garbage only a full collection frees; and the page's text is one
 * large string per page. Over a 150,000-pod list that garbage, not the records kept, set the
 * server's peak memory. Parsed one item at a time, a raw object lives for one slimming call.
 *
 * Contract:
 * - `write(text)` takes the body's text in any pieces (split anywhere, even inside a string or
 *   an escape); each element of the top-level object's `items` array is handed to `onItem`, in
 *   order, as `JSON.parse` of its text would give it, as soon as its last character arrives;
 * - `end()` answers the rest of the document (its `metadata` and any other member) as
 *   `JSON.parse` would, with `items` as an empty array when there was one; it throws when the
 *   text was not one complete JSON object (cut short, or trailing text), as `JSON.parse` would;
 * - only the top-level `items` key is split out: an `items` key deeper down is part of its item.
 * Node-only and pure (no `server-only` marker: the watch loop runs in the CLI too).
 */

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const ITEMS_KEY = /"items"\s*:\s*$/;

export class ListPageParser {
  /** Text not consumed yet: from the start of the item being read, or the unscanned tail. */
  private pending = '';
  /** Where scanning resumes in `pending`. */
  private at = 0;
  private depth = 0;
  private inString = false;
  /** The last character read was a backslash inside a string. */
  private escaped = false;
  /** Inside the top-level `items` array. */
  private inItems = false;
  /** Start (in `pending`) of the item being read, or -1 between items. */
  private itemStart = -1;
  /** Everything outside the items, as text. */
  private rest = '';

  constructor(private readonly onItem: (item: unknown) => void) {}

  write(text: string): void {
    if (!text) return;
    this.pending += text;
    const s = this.pending;
    let i = this.at;
    // Text outside the items array is copied to `rest` from `copyFrom` on (-1: not copying).
    let copyFrom = this.inItems ? -1 : i;
    // The next backslash at or after `i` (s.length: none), found once per stretch.
    let backslash = -1;
    while (i < s.length) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        if (backslash < i) {
          backslash = s.indexOf('\\', i);
          if (backslash < 0) backslash = s.length;
        }
        const quote = s.indexOf('"', i);
        if (backslash < s.length && (quote < 0 || backslash < quote)) {
          // Skip the escape and the character it escapes (which may be in the next piece).
          i = backslash + 1;
          this.escaped = true;
          continue;
        }
        if (quote < 0) {
          i = s.length;
          break;
        }
        i = quote + 1;
        this.inString = false;
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        this.inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.depth++;
        if (this.inItems && this.depth === 3 && this.itemStart < 0) {
          this.itemStart = i;
        } else if (!this.inItems && this.depth === 2 && c === OPEN_BRACKET) {
          const before = this.rest + s.slice(copyFrom, i);
          if (ITEMS_KEY.test(before)) {
            // `rest` keeps `"items":[`; the items themselves go to `onItem`.
            this.rest = before + '[';
            this.inItems = true;
            copyFrom = -1;
          }
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.inItems && this.depth === 2 && this.itemStart >= 0) {
          const item: unknown = JSON.parse(s.slice(this.itemStart, i + 1));
          this.itemStart = -1;
          this.onItem(item);
        } else if (this.inItems && this.depth === 1) {
          this.inItems = false;
          copyFrom = i; // from the array's `]` on
        }
      }
      i++;
    }
    if (this.itemStart >= 0) {
      // Keep only the item being read.
      this.pending = s.slice(this.itemStart);
      this.at = i - this.itemStart;
      this.itemStart = 0;
    } else {
      if (copyFrom >= 0) this.rest += s.slice(copyFrom, i);
      this.pending = '';
      this.at = 0;
    }
  }

  end(): Record<string, unknown> {
    if (this.pending || this.inString || this.inItems || this.depth !== 0) {
      throw new SyntaxError('list page: the JSON text ended before its last value');
    }
    const doc: unknown = JSON.parse(this.rest);
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
      throw new SyntaxError('list page: not a JSON object');
    }
    return doc as Record<string, unknown>;
  }
}
