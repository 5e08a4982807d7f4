import { randomInt } from 'node:crypto';
import { ConfigError } from '../config/app-config.js';
import { hashSecret } from './token-hash.js';

/** RFC 4648 base32: no 0/1/8/9, so nothing reads as O, I, L or B. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const GROUPS = 6;
const GROUP_LENGTH = 4;
/** A configured SETUP_CODE must carry at least this many characters once dashes and spaces are gone. */
export const MIN_SETUP_CODE_LENGTH = 16;

/** A fresh code such as `K7QD-2MXA-…`: 6 groups of 4 base32 characters, 120 random bits. */
export function generateSetupCode(): string {
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group += 1) {
    let chunk = '';
    for (let index = 0; index < GROUP_LENGTH; index += 1) chunk += ALPHABET[randomInt(32)];
    groups.push(chunk);
  }
  return groups.join('-');
}

/** What people type differs in case, dashes and spaces only; those never count. */
export function normalizeSetupCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}

/** Codes are stored and compared as the SHA-256 of their normal form; empty codes have none. */
export function setupCodeHash(code: string): string | undefined {
  const normal = normalizeSetupCode(code);
  return normal.length === 0 ? undefined : hashSecret(`setup:${normal}`);
}

/** SETUP_CODE fixes the code (tests, or an operator who wants to choose it); else each start makes one. */
export function readSetupCode(env: Record<string, string | undefined>): string | undefined {
  const raw = env.SETUP_CODE?.trim();
  if (!raw) return undefined;
  if (normalizeSetupCode(raw).length < MIN_SETUP_CODE_LENGTH)
    throw new ConfigError(
      `SETUP_CODE must have at least ${MIN_SETUP_CODE_LENGTH} letters or digits (dashes and spaces do not count).`,
    );
  return raw;
}
