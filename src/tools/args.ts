import { z } from 'zod';

/** Argument shapes shared by several tools, described once for the model. */

export const serverArg = z.string().describe('Server id, name or IP.');
export const siteArg = z.string().describe('Site id or domain.');
export const siteServerArg = z.string().optional().describe('Server id or name.');

export function limitArg(defaultValue: number, max: number) {
  return z.number().int().min(1).max(max).default(defaultValue);
}
