/**
 * Go's encoding/csv reader (src/encoding/csv/reader.go) as kube-apiserver's token file uses it:
 * comma-separated, RFC 4180 quoting (`""` inside quotes is one quote, quoted fields may hold
 * commas and newlines), `\r\n` read as `\n`, blank lines skipped, whitespace kept, a variable
 * number of fields per record (FieldsPerRecord = -1), no lazy quotes, no comments.
 *
 * Errors carry Go's ParseError text, lines and byte columns counted from 1:
 *   parse error on line 2, column 7: bare " in non-quoted-field
 *   record on line 1; parse error on line 3, column 0: extraneous or missing " in quoted-field
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

export const ERR_BARE_QUOTE = 'bare " in non-quoted-field';
export const ERR_QUOTE = 'extraneous or missing " in quoted-field';

export class CsvParseError extends Error {
  constructor(
    readonly startLine: number,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(
      startLine !== line
        ? `record on line ${startLine}; parse error on line ${line}, column ${column}: ${reason}`
        : `parse error on line ${line}, column ${column}: ${reason}`,
    );
    this.name = 'CsvParseError';
  }
}

/** Splits input into lines as bufio.ReadSlice('\n') + readLine do (keeping the `\n`). */
class LineReader {
  private offset = 0;
  lineNumber = 0;
  constructor(private readonly input: Buffer) {}

  /** The next line with its `\n` (absent at end of input), or undefined at end of input. */
  next(): Buffer | undefined {
    if (this.offset >= this.input.length) return undefined;
    const end = this.input.indexOf(NEWLINE, this.offset);
    let line = this.input.subarray(this.offset, end < 0 ? this.input.length : end + 1);
    this.offset += line.length;
    this.lineNumber++;
    if (end < 0 && line[line.length - 1] === RETURN) line = line.subarray(0, line.length - 1);
    const n = line.length;
    if (n >= 2 && line[n - 2] === RETURN && line[n - 1] === NEWLINE) {
      line = Buffer.concat([line.subarray(0, n - 2), Buffer.from([NEWLINE])]);
    }
    return line;
  }
}

function lengthNL(line: Buffer): number {
  return line.length > 0 && line[line.length - 1] === NEWLINE ? 1 : 0;
}

/** Reads one record; undefined at end of input. Mirrors readRecord's state machine. */
function readRecord(reader: LineReader): string[] | undefined {
  let line: Buffer | undefined;
  do {
    line = reader.next();
    if (line === undefined) return undefined;
  } while (line.length === lengthNL(line)); // blank lines are skipped
  const recordLine = reader.lineNumber;
  const fields: Buffer[] = [];
  let position = { line: reader.lineNumber, column: 1 };
  let rest: Buffer = line;
  for (;;) {
    if (rest.length === 0 || rest[0] !== QUOTE) {
      const comma = rest.indexOf(COMMA);
      const end = comma >= 0 ? comma : rest.length - lengthNL(rest);
      const quote = rest.subarray(0, end).indexOf(QUOTE);
      if (quote >= 0) {
        throw new CsvParseError(
          recordLine,
          reader.lineNumber,
          position.column + quote,
          ERR_BARE_QUOTE,
        );
      }
      fields.push(rest.subarray(0, end));
      if (comma < 0) break;
      rest = rest.subarray(comma + 1);
      position.column += comma + 1;
      continue;
    }
    // A quoted field: runs to the quote that is followed by a comma or the end of a line.
    rest = rest.subarray(1);
    position.column += 1;
    const parts: Buffer[] = [];
    for (;;) {
      const quote = rest.indexOf(QUOTE);
      if (quote >= 0) {
        parts.push(rest.subarray(0, quote));
        rest = rest.subarray(quote + 1);
        position.column += quote + 1;
        if (rest[0] === QUOTE) {
          parts.push(Buffer.from([QUOTE]));
          rest = rest.subarray(1);
          position.column += 1;
        } else if (rest[0] === COMMA) {
          rest = rest.subarray(1);
          position.column += 1;
          fields.push(Buffer.concat(parts));
          break;
        } else if (lengthNL(rest) === rest.length) {
          fields.push(Buffer.concat(parts));
          return fields.map((field) => field.toString('utf8'));
        } else {
          throw new CsvParseError(recordLine, reader.lineNumber, position.column - 1, ERR_QUOTE);
        }
      } else if (rest.length > 0) {
        parts.push(rest);
        position.column += rest.length;
        rest = reader.next() ?? Buffer.alloc(0);
        if (rest.length > 0) position = { line: position.line + 1, column: 1 };
      } else {
        // The input ended inside the quotes.
        throw new CsvParseError(recordLine, position.line, position.column, ERR_QUOTE);
      }
    }
  }
  return fields.map((field) => field.toString('utf8'));
}

/** Every record of `input`; throws CsvParseError on the first malformed one. */
export function readAllRecords(input: Buffer | string): string[][] {
  const reader = new LineReader(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  const records: string[][] = [];
  for (;;) {
    const record = readRecord(reader);
    if (record === undefined) return records;
    records.push(record);
  }
}
