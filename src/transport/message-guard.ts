/**
 * Checks on incoming JSON-RPC, made before the SDK sees a message, the same way for stdio and
 * HTTP. They cover what the SDK answers badly or not at all:
 *  - `tools/call` whose `arguments` is not an object (the SDK answered -32603 with raw validation
 *    JSON: here it is -32602, invalid params, in one sentence);
 *  - a batch in which two requests share an id (the SDK ran both and answered one): the batch is
 *    refused and nothing in it runs;
 *  - a batch where batches are not supported (stdio), or an empty one.
 * Only plain data and JSON-RPC's own numbers: no SDK types, so a change of SDK leaves it as is.
 */

export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;
export const PARSE_ERROR = -32700;

type Id = string | number;

export interface JsonRpcErrorReply {
  jsonrpc: '2.0';
  id: Id | null;
  error: { code: number; message: string };
}

export function errorReply(id: Id | null, code: number, message: string): JsonRpcErrorReply {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

/** Refusals to send back instead of running anything; undefined when the body may go on. */
export function refuse(body: unknown, options: { batches: boolean }): JsonRpcErrorReply[] | undefined {
  if (!Array.isArray(body)) {
    const problem = messageProblem(body);
    return problem ? [errorReply(requestId(body) ?? null, problem.code, problem.message)] : undefined;
  }
  const ids = body.map(requestId);
  const present = ids.filter((id): id is Id => id !== undefined);
  if (body.length === 0) return [errorReply(null, INVALID_REQUEST, 'Invalid Request: an empty batch.')];
  if (!options.batches) {
    return refuseAll(
      present,
      INVALID_REQUEST,
      'Invalid Request: batches are not supported here; send one message per line.',
    );
  }
  const repeated = present.find((id, index) => present.indexOf(id) !== index);
  if (repeated !== undefined) {
    return refuseAll(
      [...new Set(present)],
      INVALID_REQUEST,
      `Invalid Request: two requests in this batch share the id ${JSON.stringify(repeated)}, so their answers could not be told apart; nothing in the batch was run.`,
    );
  }
  const problems = body.map(messageProblem);
  if (problems.every((p) => p === undefined)) return undefined;
  // One bad message refuses the batch: running the rest would leave the client to sort out which ran.
  const first = problems.find((p) => p !== undefined)!;
  if (present.length === 0) return [errorReply(null, first.code, first.message)];
  return present.map((id) => {
    const problem = problems[ids.indexOf(id)];
    return problem
      ? errorReply(id, problem.code, problem.message)
      : errorReply(id, INVALID_REQUEST, 'Not run: another message in this batch is invalid.');
  });
}

function refuseAll(ids: Id[], code: number, message: string): JsonRpcErrorReply[] {
  return ids.length ? ids.map((id) => errorReply(id, code, message)) : [errorReply(null, code, message)];
}

/** The id of a request (a message with a method and an id); undefined for anything else. */
export function requestId(message: unknown): Id | undefined {
  if (!isObject(message) || typeof message.method !== 'string') return undefined;
  const id = message.id;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

function messageProblem(message: unknown): { code: number; message: string } | undefined {
  if (!isObject(message) || message.jsonrpc !== '2.0') {
    return { code: INVALID_REQUEST, message: 'Invalid Request: not a JSON-RPC 2.0 message.' };
  }
  if (message.method !== 'tools/call') return undefined;
  const params = message.params;
  if (!isObject(params)) {
    return {
      code: INVALID_PARAMS,
      message: 'Invalid params: tools/call needs params with `name` and `arguments`.',
    };
  }
  if (typeof params.name !== 'string') {
    return { code: INVALID_PARAMS, message: 'Invalid params: tools/call `name` must be a string.' };
  }
  if (params.arguments !== undefined && !isObject(params.arguments)) {
    return {
      code: INVALID_PARAMS,
      message: `Invalid params: tools/call \`arguments\` must be an object (of argument names and values), not ${kindOf(params.arguments)}.`,
    };
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
