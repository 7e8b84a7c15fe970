import { readFileSync } from 'node:fs';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { FieldProblem } from '../errors.js';

/** Shortest and longest password accepted, counted in characters after NFC normalisation. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's first recommendation: 19 MiB of memory,
 * 2 iterations, 1 lane. The parameters are stored in each hash, so raising them later still
 * verifies older hashes.
 */
const ARGON2_OPTIONS = {
  // Algorithm is a const enum, which isolated modules cannot read: 2 is Argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

const COMMON_PASSWORDS_FILE = new URL('./common-passwords.txt', import.meta.url);
let commonPasswords: ReadonlySet<string> | undefined;

function commonPasswordSet(): ReadonlySet<string> {
  commonPasswords ??= new Set(
    readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  return commonPasswords;
}

/** Passwords are compared and hashed in NFC, so that the same characters typed differently match. */
export function normalisePassword(password: string): string {
  return password.normalize('NFC');
}

/**
 * Checks a new password against the policy: 12 to 256 characters, not a common password, not the
 * account's own email or name. No composition rules (NIST SP 800-63B). Returns the problems, each
 * named by `field`.
 */
export function checkPasswordPolicy(
  password: string,
  context: { email?: string; displayName?: string } = {},
  field = 'password',
): FieldProblem[] {
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return [{ field, message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` }];
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return [{ field, message: `must be at most ${PASSWORD_MAX_LENGTH} characters long` }];
  }
  const folded = normalised.toLowerCase();
  if (commonPasswordSet().has(folded)) {
    return [{ field, message: 'is a commonly used password; choose another' }];
  }
  const squashed = folded.replace(/\s+/g, '');
  const email = context.email?.trim().toLowerCase();
  const own = [email, email?.split('@')[0], context.displayName?.trim().toLowerCase().replace(/\s+/g, '')];
  if (own.some((value) => value !== undefined && value.length > 0 && squashed === value)) {
    return [{ field, message: 'must not be your email address or name' }];
  }
  return [];
}

/** An argon2id hash (PHC string) of the NFC-normalised password. */
export function hashPassword(password: string): Promise<string> {
  return hash(normalisePassword(password), ARGON2_OPTIONS);
}

/** Whether the password matches the hash; false (never an exception) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalisePassword(password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a hash of a random password, so that a login for an unknown account costs as
 * much time as one for a known account and does not reveal which accounts exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomUUID() + crypto.randomUUID());
  await verifyPassword(await dummyHash, password);
  return false;
}
