import { randomBytes } from 'node:crypto';
import type { Redactor } from '../../core/redact.js';
import type { SecretFiles } from '../../core/secret-files.js';

/**
 * Passwords of new database users: made here (or handed back once by the provider), known to the
 * redactor before any request carries them, and kept only in a 0600 file the result names.
 */

/** 24 characters from 18 random bytes, URL-safe: accepted by every engine and API we send it to. */
export function newPassword(redactor: Redactor): string {
  const password = randomBytes(18).toString('base64url');
  redactor.addSecret(password);
  return password;
}

/** Writes the password to its own 0600 file; returns the next step that names the file, never the value. */
export async function keepPassword(
  secretFiles: SecretFiles,
  name: string,
  user: string,
  password: string,
): Promise<string> {
  const file = await secretFiles.save(`${name}-password`, `${password}\n`);
  return `The password of ${user} is in ${file} (readable by you only); it is not shown here.`;
}
