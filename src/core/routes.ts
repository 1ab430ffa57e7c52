import type { z } from 'zod';
import { HostingError } from './errors.js';
import { hasDotSegment } from './path-safety.js';

export type PathParams = Record<string, string | number>;

/**
 * Fills {param} placeholders, encoding each value as one path segment. A value that would change
 * the path's shape (`.`, `..`, or either once decoded) is refused, whether it came from the model
 * or from a provider's own response.
 */
export function buildPath(template: string, params: PathParams): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') {
      throw new HostingError('invalid_argument', `Missing path parameter "${name}" for ${template}.`);
    }
    const text = String(value);
    if (hasDotSegment(text)) {
      throw new HostingError(
        'invalid_argument',
        `"${shorten(text)}" is not a valid ${name}: "." and ".." (in any encoding) would change which path is requested.`,
        { hint: 'Pass the id or name exactly as the list tools show it; nothing was sent.' },
      );
    }
    try {
      return encodeURIComponent(text);
    } catch {
      throw new HostingError(
        'invalid_argument',
        `The ${name} is not valid text (it contains a lone surrogate).`,
        {
          hint: 'Pass the id or name exactly as the list tools show it; nothing was sent.',
        },
      );
    }
  });
}

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

/** Validates a provider body; a mismatch is a clear malformed_response, never a crash. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw new HostingError(
    'malformed_response',
    `${what} returned a body in an unexpected shape (${fields}).`,
    {
      hint: 'The provider API may have changed or be misconfigured (check the base URL). Retry later.',
    },
  );
}
