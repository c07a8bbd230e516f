/**
 * JSON as a stream of pieces, so a 150,000-pod document is never one string (V8 caps a string
 * at about 512 MiB, and one that size would double the server's peak memory).
 *
 * Contract: `jsonPieces(value)` yields strings whose concatenation is exactly
 * `JSON.stringify(value)` for plain JSON data (objects, arrays, strings, numbers, booleans,
 * null; `undefined` object members are skipped as JSON.stringify does). Containers near the top
 * are walked element by element; deeper values are stringified whole. `jsonStream` wraps it as
 * a byte stream with pieces of about `pieceBytes`, produced on demand (backpressure).
 */

function* walk(value: unknown, depth: number): Generator<string> {
  if (depth >= 3 || value === null || typeof value !== 'object') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const item: unknown = value[i];
      if (item === undefined || typeof item === 'function') yield 'null';
      else yield* walk(item, depth + 1);
    }
    yield ']';
    return;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value);
    return;
  }
  yield '{';
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function') continue;
    yield (first ? '' : ',') + JSON.stringify(k) + ':';
    first = false;
    yield* walk(v, depth + 1);
  }
  yield '}';
}

/** Pieces of at least ~`pieceChars` characters (except the last). */
export function* jsonPieces(value: unknown, pieceChars = 64 * 1024): Generator<string> {
  let buf = '';
  for (const s of walk(value, 0)) {
    buf += s;
    if (buf.length >= pieceChars) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

export function jsonStream(value: unknown, pieceChars?: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pieces = jsonPieces(value, pieceChars);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}
