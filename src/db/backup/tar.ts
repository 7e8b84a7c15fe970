/**
 * A small POSIX ustar writer and reader, enough for PostgreSQL data directories and dumps: regular
 * files and directories, names up to 255 bytes (prefix + name), sizes below 8 GiB. Our own rather
 * than a package because the whole format is the 512-byte header below, and a backup must not
 * depend on a library's idea of links, long names or permissions.
 */
import type { Writable } from 'node:stream';

const BLOCK = 512;

export interface TarEntryHeader {
  readonly path: string;
  readonly type: 'file' | 'directory';
  readonly size: number;
  readonly mode: number;
  readonly mtime: number;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function splitName(path: string): { name: string; prefix: string } {
  const bytes = Buffer.byteLength(path);
  if (bytes <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`path too long for a tar archive: ${path}`);
}

/** The 512-byte ustar header of an entry. */
export function encodeTarHeader(entry: TarEntryHeader): Buffer {
  if (entry.size >= 8 ** 11) throw new Error(`file too large for a tar archive: ${entry.path}`);
  const header = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(entry.type === 'directory' ? `${entry.path}/` : entry.path);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(entry.mode & 0o7777, 8), 100, 8, 'ascii');
  header.write(octal(0, 8), 108, 8, 'ascii');
  header.write(octal(0, 8), 116, 8, 'ascii');
  header.write(octal(entry.type === 'file' ? entry.size : 0, 12), 124, 12, 'ascii');
  header.write(octal(Math.floor(entry.mtime), 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii');
  header.write(entry.type === 'file' ? '0' : '5', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

function readString(block: Buffer, offset: number, length: number): string {
  const slice = block.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = readString(block, offset, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** Parses a header block; undefined for the zero block that ends an archive. */
export function decodeTarHeader(block: Buffer): TarEntryHeader | undefined {
  if (block.every((byte) => byte === 0)) return undefined;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] as number);
  if (sum !== readOctal(block, 148, 8)) throw new Error('tar header checksum mismatch');
  const name = readString(block, 0, 100);
  const prefix = readString(block, 345, 155);
  const typeFlag = String.fromCharCode(block[156] as number);
  if (typeFlag !== '0' && typeFlag !== '\0' && typeFlag !== '5') {
    throw new Error(`unsupported tar entry type "${typeFlag}" for ${name}`);
  }
  const full = prefix ? `${prefix}/${name}` : name;
  const type = typeFlag === '5' ? 'directory' : 'file';
  return {
    path: type === 'directory' ? full.replace(/\/$/, '') : full,
    type,
    size: type === 'file' ? readOctal(block, 124, 12) : 0,
    mode: readOctal(block, 100, 8),
    mtime: readOctal(block, 136, 12),
  };
}

/** Writes entries to a stream, honouring back-pressure. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  private write(chunk: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.out.once('error', onError);
      const flushed = this.out.write(chunk, (error) => {
        this.out.off('error', onError);
        if (error) reject(error);
      });
      if (flushed) {
        this.out.off('error', onError);
        resolve();
      } else
        this.out.once('drain', () => {
          this.out.off('error', onError);
          resolve();
        });
    });
  }

  async directory(path: string, mode = 0o700, mtime = Date.now() / 1000): Promise<void> {
    await this.write(encodeTarHeader({ path, type: 'directory', size: 0, mode, mtime }));
  }

  /** A file whose content is given whole. */
  async file(path: string, content: Buffer, mode = 0o600, mtime = Date.now() / 1000): Promise<void> {
    await this.begin({ path, type: 'file', size: content.length, mode, mtime });
    if (content.length > 0) await this.write(content);
    await this.pad(content.length);
  }

  /** Starts a file of `size` bytes; the caller then writes exactly that many with `data` and calls `pad`. */
  async begin(header: TarEntryHeader): Promise<void> {
    await this.write(encodeTarHeader(header));
  }

  data(chunk: Buffer): Promise<void> {
    return this.write(chunk);
  }

  async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest !== 0) await this.write(Buffer.alloc(BLOCK - rest));
  }

  /** The two zero blocks that end an archive; the caller ends the stream. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
  }
}

export interface TarEntrySink {
  data(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

/**
 * Reads an uncompressed tar stream entry by entry: `onEntry` returns where the entry's bytes go.
 * Fails on a truncated archive or a damaged header, naming the entry it was in.
 */
export async function readTar(
  source: AsyncIterable<Buffer>,
  onEntry: (header: TarEntryHeader) => TarEntrySink | Promise<TarEntrySink>,
): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  let current: { header: TarEntryHeader; sink: TarEntrySink; remaining: number; padding: number } | undefined;
  let ended = false;
  for await (const chunk of source) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (ended) {
        pending = Buffer.alloc(0);
        break;
      }
      if (current) {
        if (current.remaining > 0) {
          if (pending.length === 0) break;
          const take = Math.min(current.remaining, pending.length);
          await current.sink.data(pending.subarray(0, take));
          pending = pending.subarray(take);
          current.remaining -= take;
          if (current.remaining > 0) break;
        }
        if (pending.length < current.padding) break;
        pending = pending.subarray(current.padding);
        await current.sink.end();
        current = undefined;
        continue;
      }
      if (pending.length < BLOCK) break;
      const block = pending.subarray(0, BLOCK);
      pending = pending.subarray(BLOCK);
      const header = decodeTarHeader(block);
      if (!header) {
        ended = true;
        continue;
      }
      const sink = await onEntry(header);
      const rest = header.size % BLOCK;
      current = { header, sink, remaining: header.size, padding: rest === 0 ? 0 : BLOCK - rest };
    }
  }
  if (current) throw new Error(`archive truncated inside ${current.header.path}`);
  if (!ended) throw new Error('archive truncated: no end-of-archive marker');
}
