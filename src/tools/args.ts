import { z } from 'zod';

/** Argument shapes shared by several tools, described once for the model. */

export const serverArg = z.string().min(1).max(200).describe('Server id, name or IP.');
export const siteArg = z.string().min(1).max(253).describe('Site id or domain.');
export const siteServerArg = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe('Server id or name, to narrow the site lookup.');

export function limitArg(defaultValue: number, max: number) {
  return z
    .number()
    .int()
    .min(1)
    .max(max)
    .default(defaultValue)
    .describe(`Max items (default ${defaultValue}, max ${max}).`);
}
