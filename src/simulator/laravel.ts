import type { SchemaIssue } from '../providers/kit/validate.js';
import type { SimErrors, SimResponse } from './sim-server.js';

/**
 * The error bodies of Laravel applications (Forge, Coolify and PanelAlpha are all built on it):
 * `{message}` for 401/404/405/500, and validation as `{message, errors: {field: [messages]}}`.
 */

export const UNAUTHENTICATED: SimResponse = { status: 401, body: { message: 'Unauthenticated.' } };

export function laravelErrors(
  badJson: SimResponse = { status: 400, body: { message: 'Malformed JSON body.' } },
): SimErrors {
  return {
    unauthorized: () => UNAUTHENTICATED,
    notFound: (req) => ({
      status: 404,
      body: { message: `The route ${req.path.replace(/^\//, '')} could not be found.` },
    }),
    methodNotAllowed: (req) => ({
      status: 405,
      body: {
        message: `The ${req.method} method is not supported for route ${req.path.replace(/^\//, '')}.`,
      },
    }),
    badJson: () => badJson,
    serverError: () => ({ status: 500, body: { message: 'Server Error' } }),
  };
}

/** Route-model binding that found nothing. */
export function modelNotFound(model: string, id: string | undefined): SimResponse {
  return {
    status: 404,
    body: { message: `No query results for model [App\\Models\\${model}] ${id ?? ''}`.trim() },
  };
}

/** A FormRequest failure: the first message plus "(and N more errors)", and every field's messages. */
export function laravelValidation(errors: Record<string, string[]>): SimResponse {
  const messages = Object.values(errors).flat();
  const more =
    messages.length > 1 ? ` (and ${messages.length - 1} more error${messages.length > 2 ? 's' : ''})` : '';
  return { status: 422, body: { message: `${messages[0]}${more}`, errors } };
}

/** A request that fails the document's validation, worded as Laravel's validator words it. */
export function laravelIssues(issues: readonly SchemaIssue[]): SimResponse {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = issue.path.replace(/^(body|query|header)\.?/, '') || 'body';
    const message =
      issue.message === 'is required'
        ? `The ${field} field is required.`
        : issue.message.startsWith('must be one of')
          ? `The selected ${field} is invalid.`
          : `The ${field} ${issue.message}.`;
    errors[field] = [...(errors[field] ?? []), message];
  }
  return laravelValidation(errors);
}
