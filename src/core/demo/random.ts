/**
 * A seeded pseudo-random generator for the demo scenario: sfc32 seeded through the cyrb128 string
 * hash. Only 32-bit integer operations and + − × ÷ on doubles are used (no Math.log, Math.cos...),
 * so a seed gives the same sequence on every platform and every Node.js version.
 */

const UINT32_RANGE = 4_294_967_296;

/** A 128-bit hash of a string (cyrb128), as four unsigned 32-bit words. */
export function hashString(text: string): [number, number, number, number] {
  let h1 = 1_779_033_703;
  let h2 = 3_144_134_277;
  let h3 = 1_013_904_242;
  let h4 = 2_773_480_762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597_399_067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2_869_860_233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951_274_213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2_716_044_179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597_399_067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2_869_860_233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951_274_213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2_716_044_179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export interface Random {
  /** Unsigned 32-bit integer. */
  uint32(): number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  float(min: number, max: number): number;
  /** Whole number in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One item, each with probability proportional to its (non-negative) weight. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** Roughly standard normal (Irwin–Hall sum of four uniforms): mean 0, sd 1, never beyond ±3.47. */
  normalish(): number;
  /** An independent generator for a named part of the work, so that parts do not shift each other. */
  fork(label: string): Random;
}

/** A generator whose whole sequence is fixed by `seed`. */
export function createRandom(seed: number | string): Random {
  return new Sfc32(String(seed));
}

class Sfc32 implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly label: string) {
    [this.a, this.b, this.c, this.d] = hashString(label);
    // The first outputs of sfc32 still show the seed's structure; discard them.
    for (let i = 0; i < 15; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.uint32() / UINT32_RANGE;
  }

  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}) needs whole numbers with min <= max`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const weights = items.map((item) => Math.max(0, weight(item)));
    const total = weights.reduce((sum, w) => sum + w, 0);
    if (!(total > 0)) throw new RangeError('weighted pick needs at least one positive weight');
    let target = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      target -= weights[i] as number;
      if (target < 0) return items[i] as T;
    }
    // Rounding can leave a sliver at the end: the last item with a positive weight takes it.
    return items[weights.findLastIndex((w) => w > 0)] as T;
  }

  normalish(): number {
    // Variance of one uniform is 1/12, of the sum of four 1/3; 1.7320508 ≈ √3 scales it to 1.
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.732_050_8;
  }

  fork(child: string): Random {
    return new Sfc32(`${this.label}/${child}`);
  }
}

/**
 * A version 7 UUID (48-bit Unix time in milliseconds, then random bits) built from `random`, so the
 * same generator state gives the same id.
 */
export function uuidV7(unixMs: number, random: Random): string {
  if (!Number.isInteger(unixMs) || unixMs < 0 || unixMs >= 2 ** 48) {
    throw new RangeError(`uuidV7 needs a whole number of milliseconds in [0, 2^48), got ${unixMs}`);
  }
  const bytes = new Array<number>(16).fill(0);
  let time = unixMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  for (let i = 6; i < 16; i += 4) {
    const word = random.uint32();
    for (let j = 0; j < 4 && i + j < 16; j++) bytes[i + j] = (word >>> (8 * j)) & 0xff;
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
