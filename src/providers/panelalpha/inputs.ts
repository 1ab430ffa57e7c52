import { z } from 'zod';

/**
 * Argument pieces the PanelAlpha write verbs share. Names shared with other providers (`domain`)
 * mean the same thing; PanelAlpha-only arguments say so in their description.
 */

export const userArg = z
  .string()
  .min(1)
  .max(254)
  .optional()
  .describe('PanelAlpha: user id or email to act as (default: site owner, else PANELALPHA_USER_ID).');

export const domainArg = z
  .string()
  .min(3)
  .max(253)
  .regex(/^(?!-)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, 'must be a domain name, e.g. example.com');
