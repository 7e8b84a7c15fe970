import { describe, expect, it } from 'vitest';
import { makeProblem } from './arcs.js';
import { formatLp, writeLp } from './lp-format.js';
import { formatMps, readMps, writeMps } from './mps.js';

describe('readMps', () => {
  it('reads rows, columns, RHS (objective constant), RANGES, BOUNDS and OBJSENSE as the format defines them', () => {
    const text = [
      '* a comment',
      'NAME          demo',
      'OBJSENSE',
      '    MAX',
      'ROWS',
      ' N  profit',
      ' L  cap',
      ' G  floor',
      ' E  mix',
      ' E  band',
      ' N  ignored',
      'COLUMNS',
      '    x  profit  3  cap  1',
      '    x  mix  1',
      '    y  profit  2  cap  1',
      '    y  floor  1  ignored  5',
      '    z  band  1  mix  -1',
      'RHS',
      '    RHS  cap  10  floor  2',
      '    RHS  profit  -7',
      '    RHS  band  4',
      'RANGES',
      '    RNG  cap  4  band  -3',
      '    RNG  floor  5',
      'BOUNDS',
      ' UP BND  x  8',
      ' MI BND  z',
      ' UP BND  z  -1',
      ' FR BND  y',
      'ENDATA',
    ].join('\n');
    const lp = readMps(text);
    expect(lp.name).toBe('demo');
    expect(lp.sense).toBe('maximize');
    expect(lp.objectiveName).toBe('profit');
    expect(lp.offset).toBe(7);
    expect(lp.colNames).toEqual(['x', 'y', 'z']);
    expect(Array.from(lp.colCost)).toEqual([3, 2, 0]);
    expect(Array.from(lp.colLower)).toEqual([0, -Infinity, -Infinity]);
    expect(Array.from(lp.colUpper)).toEqual([8, Infinity, -1]);
    expect(lp.rowNames).toEqual(['cap', 'floor', 'mix', 'band']);
    // L with range 4: [6, 10]; G with range 5: [2, 7]; E without range: [0, 0]; E with −3: [1, 4].
    expect(Array.from(lp.rowLower)).toEqual([6, 2, 0, 1]);
    expect(Array.from(lp.rowUpper)).toEqual([10, 7, 0, 4]);
    expect(Array.from(lp.colStart)).toEqual([0, 2, 4, 6]);
    expect(Array.from(lp.rowIndex)).toEqual([0, 2, 0, 1, 3, 2]);
    expect(Array.from(lp.value)).toEqual([1, 1, 1, 1, 1, -1]);
  });

  it('reads free MPS without a set name and sums repeated entries', () => {
    const lp = readMps(
      [
        'NAME aidgrid FREE',
        'ROWS',
        ' N obj',
        ' L r',
        'COLUMNS',
        ' a obj 1 r 2',
        ' a r 3',
        'RHS',
        ' r 5',
        'ENDATA',
      ].join('\n'),
    );
    expect(lp.name).toBe('aidgrid');
    expect(Array.from(lp.rowIndex)).toEqual([0]);
    expect(Array.from(lp.value)).toEqual([5]);
    expect(Array.from(lp.rowUpper)).toEqual([5]);
  });

  it('refuses what an LP check cannot use, with the line number', () => {
    const wrap = (lines: string[]): string =>
      ['NAME x', 'ROWS', ' N obj', ' L r', ...lines, 'ENDATA'].join('\n');
    expect(() => readMps(wrap(['COLUMNS', " M1 'MARKER' 'INTORG'"]))).toThrow(/line 6: integer markers/);
    expect(() => readMps(wrap(['COLUMNS', ' a q 1']))).toThrow(/unknown row 'q'/);
    expect(() => readMps(wrap(['COLUMNS', ' a r x']))).toThrow(/'x' is not a number/);
    expect(() => readMps(wrap(['COLUMNS', ' a r 1', 'BOUNDS', ' BV BND a']))).toThrow(/BV/);
    expect(() => readMps('NAME x\nROWS\n N obj\n')).toThrow(/ENDATA/);
  });
});

describe('writeMps and writeLp', () => {
  // One lot of 10 at rzeszow (L = 1), needs: 0 (p 8, due 0: arrives week 1, 1 week late), 1 (p 1)
  // whose lead is also a bundle: need 1 leads need 0 at ratio 0.5.
  const problem = makeProblem({
    items: ['blankets'],
    hubs: ['rzeszow'],
    regions: ['kharkiv'],
    leadTime: [[1]],
    lots: [
      { item: 0, quantity: 10, available: 0, hub: 0 },
      { item: 0, quantity: 0, available: 40, hub: 0 }, // no arcs: no supply row
    ],
    needs: [
      { item: 0, quantity: 4, priority: 8, due: 0, region: 0 },
      { item: 0, quantity: 6, priority: 1, due: 3, region: 0 },
    ],
    bundles: [{ leadNeed: 1, members: [{ need: 0, ratio: 0.5 }] }],
  });

  it('writes the model in free MPS: objective, supply, demand and bundle rows', () => {
    // x_0_0: 10·8·1 + 1 = 81; x_0_1: on time, 1. Unmet (model v2) p (1000 + 10 (H + Λ − u)) + c̄:
    // y_0: 8·(1000 + 300) + 1 = 10 401; y_1: 1·(1000 + 270) + 1 = 1271.
    expect(formatMps(problem)).toBe(
      [
        '* aidgrid allocation model (see planner-model.md)',
        'NAME aidgrid FREE',
        'ROWS',
        ' N obj',
        ' L sup_0',
        ' E dem_0',
        ' E dem_1',
        ' G bun_0_0',
        'COLUMNS',
        ' x_0_0 obj 81',
        ' x_0_0 sup_0 1',
        ' x_0_0 dem_0 1',
        ' x_0_0 bun_0_0 1',
        ' x_0_1 obj 1',
        ' x_0_1 sup_0 1',
        ' x_0_1 dem_1 1',
        ' x_0_1 bun_0_0 -0.5',
        ' y_0 obj 10401',
        ' y_0 dem_0 1',
        ' y_1 obj 1271',
        ' y_1 dem_1 1',
        'RHS',
        ' RHS sup_0 10',
        ' RHS dem_0 4',
        ' RHS dem_1 6',
        'ENDATA',
        '',
      ].join('\n'),
    );
  });

  it('writes the same model in CPLEX LP format', () => {
    expect(formatLp(problem)).toBe(
      [
        '\\ aidgrid allocation model: 2 lots, 2 needs, 2 arcs, 1 bundle rows',
        'Minimize',
        ' obj: 81 x_0_0 + x_0_1 + 10401 y_0 + 1271 y_1',
        'Subject To',
        ' sup_0: x_0_0 + x_0_1 <= 10',
        ' dem_0: x_0_0 + y_0 = 4',
        ' dem_1: x_0_1 + y_1 = 6',
        ' bun_0_0: x_0_0 - 0.5 x_0_1 >= 0',
        'End',
        '',
      ].join('\n'),
    );
  });

  it('streams large models in chunks', () => {
    const chunks: string[] = [];
    const big = makeProblem({
      items: ['blankets'],
      hubs: ['rzeszow'],
      regions: ['kharkiv'],
      leadTime: [[1]],
      lots: Array.from({ length: 100 }, () => ({ item: 0, quantity: 10, available: 0, hub: 0 })),
      needs: Array.from({ length: 100 }, () => ({ item: 0, quantity: 5, priority: 2, due: 3, region: 0 })),
    });
    writeMps(big, (chunk) => chunks.push(chunk));
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(65536 + 200);
    expect(chunks.join('')).toBe(formatMps(big));
    const lpChunks: string[] = [];
    writeLp(big, (chunk) => lpChunks.push(chunk));
    expect(lpChunks.join('')).toBe(formatLp(big));
  });
});
