import type { SimErrors, SimResponse } from '../../../simulator/sim-server.js';
import type { SchemaIssue } from '../../kit/validate.js';

/** ServerPilot's error body for every 4xx and 5xx: `{"error": {"message": "..."}}`. */
export function fail(status: number, message: string): SimResponse {
  return { status, body: { error: { message } } };
}

export const serverpilotErrors: SimErrors = {
  unauthorized: () => fail(401, 'Authentication failed: check the client id and API key.'),
  notFound: () => fail(404, 'No such endpoint.'),
  methodNotAllowed: (req) => fail(405, `Method ${req.method} is not allowed here.`),
  badJson: () => fail(400, 'The request body is not valid JSON.'),
  serverError: () => fail(500, 'An unexpected error occurred.'),
};

/**
 * A request that fails the document's validation, answered as ServerPilot answers it: 400 with one
 * message, a sentence per field ("password must be at least 8 characters.").
 */
export function serverpilotIssues(issues: readonly SchemaIssue[]): SimResponse {
  const sentences = issues.map((issue) => {
    const field = issue.path.replace(/^(body|query|header)\.?/, '') || 'The body';
    return `${field} ${issue.message}.`;
  });
  return fail(400, sentences.join(' '));
}
