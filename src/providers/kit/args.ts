import { z } from 'zod';

/** Argument pieces the verbs of several providers share, so they read and check the same. */

/** The domain a certificate is for; the site's primary domain when left out. */
export const certificateDomainArg = z
  .string()
  .min(3)
  .max(253)
  .optional()
  .describe('Domain to secure (default: the site’s primary domain).');
