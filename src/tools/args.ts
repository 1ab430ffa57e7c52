import { z } from 'zod';

/** Argument shapes shared by several tools, described once for the model. */

/**
 * Ids, names and domains fit in this (a domain name has at most 253 characters). Checked, but left
 * out of the listed JSON Schema, which every client pays for in tokens: only garbage is refused.
 */
export const MAX_REF_CHARS = 255;

export function refString() {
  return z.string().refine((value) => value.length <= MAX_REF_CHARS, {
    error: `at most ${MAX_REF_CHARS} characters (ids, names and domains are shorter)`,
  });
}

export const serverArg = refString().describe('Server id, name or IP.');
export const siteArg = refString().describe('Site id or domain.');
export const siteServerArg = refString().optional().describe('Server id or name.');

export function limitArg(defaultValue: number, max: number) {
  return z.number().int().min(1).max(max).default(defaultValue);
}
