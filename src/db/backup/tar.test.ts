import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeTarHeader, encodeTarHeader, readTar, TarWriter } from './tar.js';

async function collect(write: (tar: TarWriter) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const tar = new TarWriter(out);
  await write(tar);
  await tar.finish();
  out.end();
  return Buffer.concat(chunks);
}

async function* chunked(buffer: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

async function entries(buffer: Buffer, chunkSize: number) {
  const found: { path: string; type: string; content: string }[] = [];
  await readTar(chunked(buffer, chunkSize), (header) => {
    const parts: Buffer[] = [];
    return {
      data: (chunk) => {
        parts.push(Buffer.from(chunk));
      },
      end: () => {
        found.push({ path: header.path, type: header.type, content: Buffer.concat(parts).toString() });
      },
    };
  });
  return found;
}

describe('tar', () => {
  it('reads back what it wrote, whatever the chunking: files, empty files, directories, long names', async () => {
    const longName = `base/${'d'.repeat(120)}/${'f'.repeat(90)}`;
    const archive = await collect(async (tar) => {
      await tar.directory('pg_wal');
      await tar.file('PG_VERSION', Buffer.from('18\n'));
      await tar.file('empty', Buffer.alloc(0));
      await tar.file(longName, Buffer.from('x'.repeat(1500)));
    });
    expect(archive.length % 512).toBe(0);
    const expected = [
      { path: 'pg_wal', type: 'directory', content: '' },
      { path: 'PG_VERSION', type: 'file', content: '18\n' },
      { path: 'empty', type: 'file', content: '' },
      { path: longName, type: 'file', content: 'x'.repeat(1500) },
    ];
    for (const size of [1, 7, 512, 100_000]) expect(await entries(archive, size)).toEqual(expected);
  });

  it('refuses a damaged header and a truncated archive', async () => {
    const archive = await collect((tar) => tar.file('a', Buffer.from('hello')));
    const damaged = Buffer.from(archive);
    damaged[10] = 0x41;
    await expect(entries(damaged, 512)).rejects.toThrow('tar header checksum mismatch');
    await expect(entries(archive.subarray(0, 515), 512)).rejects.toThrow('archive truncated inside a');
    await expect(entries(archive.subarray(0, 1024), 512)).rejects.toThrow('no end-of-archive marker');
  });

  it('encodes the ustar header fields', () => {
    const header = decodeTarHeader(
      encodeTarHeader({ path: 'a/b', type: 'file', size: 1234, mode: 0o600, mtime: 1700000000 }),
    );
    expect(header).toEqual({ path: 'a/b', type: 'file', size: 1234, mode: 0o600, mtime: 1700000000 });
    expect(() =>
      encodeTarHeader({ path: 'x'.repeat(300), type: 'file', size: 0, mode: 0o600, mtime: 0 }),
    ).toThrow('path too long');
  });
});
