import type { SchemaIssue } from '../../../providers/kit/validate.js';
import type { SimRequest, SimResponse } from '../../../simulator/sim-server.js';
import type { SpecErrors } from '../../../simulator/spec-server.js';

/**
 * How the simulated Platform.sh API words its errors. Two families, as in the API: the accounts
 * API (organizations, users, subscriptions) answers `application/problem+json` `{error}` (the
 * spec's `Error` schema); the project API answers `{status, code, message, title, detail}`, with
 * field errors of a 400 in `detail`.
 */

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  500: 'Internal Server Error',
};

/** The accounts API (organizations, users, subscriptions) answers problem+json `{error}`. */
const ACCOUNTS_PATH = /^\/(organizations|users|regions|me|ref|profiles|teams)(\/|$)/;

export function accountsError(status: number, message: string): SimResponse {
  return { status, body: { error: message }, headers: { 'content-type': 'application/problem+json' } };
}

export function projectError(
  status: number,
  message: string,
  detail: Record<string, string> = {},
): SimResponse {
  return {
    status,
    body: { status: 'error', code: status, message, title: TITLES[status] ?? 'Error', detail },
  };
}

function errorFor(path: string, status: number, message: string): SimResponse {
  return ACCOUNTS_PATH.test(path) ? accountsError(status, message) : projectError(status, message);
}

/** A request the document's validation refuses: a field map for the project API, one line for accounts. */
function validation(issues: readonly SchemaIssue[], req: SimRequest): SimResponse {
  const field = (issue: SchemaIssue) => issue.path.replace(/^(body|query|header)\.?/, '') || 'body';
  if (ACCOUNTS_PATH.test(req.path)) {
    return accountsError(400, issues.map((issue) => `${field(issue)}: ${issue.message}`).join('; '));
  }
  return projectError(400, 'Bad Request', Object.fromEntries(issues.map((i) => [field(i), i.message])));
}

export const apiErrors: SpecErrors = {
  unauthorized: () => ({
    status: 401,
    body: { error: 'invalid_token', error_description: 'The access token is missing, invalid or expired.' },
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  }),
  notFound: (req) => errorFor(req.path, 404, `No route found for "${req.method} ${req.path}".`),
  methodNotAllowed: (req) => errorFor(req.path, 405, `Method ${req.method} is not allowed on ${req.path}.`),
  badJson: () => projectError(400, 'The request body is not valid JSON.'),
  serverError: () => projectError(500, 'An internal error occurred.'),
  validation,
};

export function ok(body: unknown): SimResponse {
  return { status: 200, body };
}
