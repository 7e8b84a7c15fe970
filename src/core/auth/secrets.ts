import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits as base64url: session cookie values, CSRF tokens and token secrets. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 in hex: how session ids and token secrets are stored (they are random, so no salt). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two strings in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
