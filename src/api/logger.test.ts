import { describe, expect, it } from 'vitest';
import { compactLine, serverLogger } from './logger.js';

describe('the server logger', () => {
  it('writes JSON lines untouched when the output is not a terminal', () => {
    const out = { isTTY: false } as NodeJS.WriteStream;
    expect(serverLogger('info', out)).toEqual({ level: 'info', stream: out });
  });

  it('writes one compact line per entry on a terminal', () => {
    const written: string[] = [];
    const out = { isTTY: true, write: (line: string) => written.push(line) } as unknown as NodeJS.WriteStream;
    const logger = serverLogger('debug', out) as { stream: { write(line: string): void } };
    logger.stream.write(
      `${JSON.stringify({ level: 20, time: Date.UTC(2026, 11, 7, 1, 2, 3), reqId: 'r', msg: 'GET /api/health 200 3 ms' })}\n`,
    );
    expect(written).toEqual(['01:02:03 debug GET /api/health 200 3 ms\n']);
    expect(compactLine(JSON.stringify({ level: 50, time: 0, msg: 'failed', err: { message: 'boom' } }))).toBe(
      '00:00:00 error failed: boom\n',
    );
    expect(compactLine('not json')).toBe('not json\n');
  });
});
