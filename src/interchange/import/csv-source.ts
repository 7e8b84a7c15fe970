import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Reading CSV files as they arrive from spreadsheets: the encoding is detected in a first pass over
 * the bytes (which also takes the file's SHA-256), then the records are streamed (RFC 4180: quoted
 * fields with doubled quotes and line breaks, CRLF or LF), each with the line it starts on.
 */

export type Encoding = 'utf-8' | 'utf-8 (BOM)' | 'windows-1252' | 'xlsx';

/** How a file's records are read: CSV text, an XLSX workbook (a ZIP archive), IATI activity XML. */
export type RecordSource = 'csv' | 'xlsx' | 'iati';

/** What the file is, from its first bytes: a ZIP archive is a workbook, `<iati-activities` IATI XML. */
export async function sniffSource(path: string): Promise<RecordSource> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2048);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
      return 'xlsx';
    // After an optional byte order mark, XML declaration and comments.
    const text = bytes.toString('utf8').replace(/^\ufeff/, '');
    if (/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<iati-activities[\s>]/.test(text)) return 'iati';
    return 'csv';
  } finally {
    await handle.close();
  }
}

export interface FileFacts {
  readonly sha256: string;
  readonly bytes: number;
  readonly encoding: Encoding;
}

export class UnreadableFile extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * SHA-256, size and encoding of a file in one streamed pass. UTF-8 (with or without a byte order
 * mark) when every byte sequence is valid UTF-8; otherwise Windows-1252, the code page Excel writes
 * "CSV" in on western European Windows. UTF-16 (Excel's "Unicode text") and binary files are refused.
 */
export async function examineFile(path: string, options: { binary?: boolean } = {}): Promise<FileFacts> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = !options.binary;
  let bytes = 0;
  let first: Buffer | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (!first) first = chunk;
    hash.update(chunk);
    bytes += chunk.length;
    if (utf8) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    }
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  const head = first ?? Buffer.alloc(0);
  if (options.binary) return { sha256: hash.digest('hex'), bytes, encoding: 'xlsx' };
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new UnreadableFile(
      'the file is UTF-16 (Excel\'s "Unicode text"), not CSV',
      'save it from the spreadsheet as "CSV UTF-8 (comma delimited)"',
    );
  }
  if (head.subarray(0, 4096).includes(0)) {
    throw new UnreadableFile(
      'the file has NUL bytes: it is not a text file',
      'an .xlsx workbook is a ZIP archive and is read as one; this file is neither text nor a workbook',
    );
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  return {
    sha256: hash.digest('hex'),
    bytes,
    encoding: utf8 ? (bom ? 'utf-8 (BOM)' : 'utf-8') : 'windows-1252',
  };
}

export interface CsvRecord {
  /** The line of the file the record starts on (1 for the first line). */
  readonly line: number;
  readonly fields: string[];
  /** Set when the record cannot be read: a quote never closed, text after a closing quote. */
  readonly error?: string;
}

/** Streams the records of a CSV file in the given encoding (a UTF-8 byte order mark is dropped). */
export async function* readCsvRecords(
  path: string,
  encoding: Encoding,
  delimiter = ',',
): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : 'utf-8');
  const parser = new CsvParser(delimiter);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    yield* parser.feed(decoder.decode(chunk, { stream: true }));
  }
  yield* parser.feed(decoder.decode());
  yield* parser.end();
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * An incremental RFC 4180 parser: feed() answers the records completed by a chunk and keeps the
 * unfinished one; end() the last record. Unquoted fields are sliced, not built character by
 * character, so a million-character cell costs what its length costs.
 */
export class CsvParser {
  private buffer = '';
  private line = 1;
  private readonly delimiter: number;

  constructor(delimiter = ',') {
    this.delimiter = delimiter.charCodeAt(0);
  }

  *feed(text: string): Generator<CsvRecord> {
    this.buffer = this.buffer.length === 0 ? text : this.buffer + text;
    yield* this.drain(false);
  }

  *end(): Generator<CsvRecord> {
    yield* this.drain(true);
  }

  private *drain(final: boolean): Generator<CsvRecord> {
    const text = this.buffer;
    let start = 0;
    for (;;) {
      if (start >= text.length) break;
      const parsed = this.parseRecord(text, start, final);
      if (parsed === null) break;
      yield parsed.record;
      start = parsed.next;
    }
    this.buffer = start >= text.length ? '' : text.slice(start);
  }

  /** One record from `start`, or null when the text ends inside it and more may come. */
  private parseRecord(
    text: string,
    start: number,
    final: boolean,
  ): { record: CsvRecord; next: number } | null {
    const fields: string[] = [];
    const line = this.line;
    let lines = 0;
    let i = start;
    let error: string | undefined;
    for (;;) {
      if (i < text.length && text.charCodeAt(i) === QUOTE) {
        // Quoted field: up to the closing quote, "" standing for one quote.
        let value = '';
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1) {
            if (!final) return null;
            value += text.slice(from);
            lines += countLines(text, from, text.length);
            error = 'a quoted field is never closed';
            i = text.length;
            break;
          }
          if (quote + 1 >= text.length && !final) return null;
          lines += countLines(text, from, quote);
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          value += text.slice(from, quote);
          i = quote + 1;
          break;
        }
        fields.push(value);
        if (error) break;
        const next = i < text.length ? text.charCodeAt(i) : -1;
        if (next !== this.delimiter && next !== CR && next !== LF && next !== -1) {
          error ??= 'text after the closing quote of a field';
          // Take the rest of the field as it stands, so the record's other fields stay in place.
          let end = i;
          while (end < text.length) {
            const c = text.charCodeAt(end);
            if (c === this.delimiter || c === CR || c === LF) break;
            end++;
          }
          if (end >= text.length && !final) return null;
          fields[fields.length - 1] += text.slice(i, end);
          i = end;
        }
      } else {
        let end = i;
        while (end < text.length) {
          const c = text.charCodeAt(end);
          if (c === this.delimiter || c === CR || c === LF) break;
          end++;
        }
        if (end >= text.length && !final) return null;
        fields.push(text.slice(i, end));
        i = end;
      }
      // After a field: a delimiter (another field), a line end (the record ends) or the end.
      if (i >= text.length) {
        if (!final) return null;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === this.delimiter) {
        i++;
        if (i >= text.length && !final) return null;
        if (i >= text.length) {
          fields.push('');
          break;
        }
        continue;
      }
      if (c === CR) {
        if (i + 1 >= text.length && !final) return null;
        i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      } else {
        i += 1;
      }
      lines += 1;
      break;
    }
    this.line += lines;
    return { record: error ? { line, fields, error } : { line, fields }, next: i };
  }
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < to) {
    n++;
    at = text.indexOf('\n', at + 1);
  }
  return n;
}
