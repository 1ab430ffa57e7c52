import type { z } from 'zod';
import { type FieldProblem, HostingError } from './errors.js';

/**
 * Zod error map (pass as `{ error: describeIssue }` to a parse) that words each issue as what the
 * argument must be, naming allowed values and the value received. A message a schema sets itself
 * wins over this one, so hand-written refusals (an unsupported provider) pass through unchanged.
 */
export function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${article(issue.expected === 'record' ? 'object' : issue.expected)}${got(issue.input)}`;
    case 'too_small':
      return `must ${bound('least', issue.origin, issue.minimum, issue.inclusive, issue.exact)}${got(issue.input)}`;
    case 'too_big':
      return `must ${bound('most', issue.origin, issue.maximum, issue.inclusive, issue.exact)}${got(issue.input)}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}${got(issue.input)}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}${issue.pattern ? ` (pattern ${issue.pattern})` : ''}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}${got(issue.input)}`;
    case 'unrecognized_keys':
      return `has unknown keys: ${issue.keys.join(', ')}`;
    default:
      return undefined;
  }
}

/** The problems of a failed parse, one per issue. */
export function argumentProblems(error: z.core.$ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'arguments',
    problem: issue.message,
  }));
}

/** The invalid_argument error for a list of problems: the message names each field. */
export function invalidArguments(subject: string, problems: FieldProblem[]): HostingError {
  // "`limit` must be at least 1", or "`provider`: Coolify is not configured" for a sentence.
  const listed = problems
    .map((p) => `\`${p.field}\`${/^[a-z]/.test(p.problem) ? ' ' : ': '}${p.problem.replace(/\.$/, '')}`)
    .join('; ');
  return new HostingError('invalid_argument', `Invalid arguments for ${subject}: ${listed}.`, {
    hint: 'Fix these arguments and call again; nothing was sent.',
    fields: problems,
  });
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function bound(
  side: 'least' | 'most',
  origin: string,
  value: number | bigint,
  inclusive = true,
  exact = false,
): string {
  const unit = origin === 'string' ? ' characters' : origin === 'array' || origin === 'set' ? ' items' : '';
  const verb = origin === 'string' || origin === 'array' || origin === 'set' ? 'have' : 'be';
  if (exact) return `${verb} exactly ${value}${unit}`;
  if (!inclusive) return `be ${side === 'least' ? 'greater' : 'less'} than ${value}${unit}`;
  return `${verb} at ${side} ${value}${unit}`;
}

/** The value received, when short enough to help; long strings and objects are left out. */
function got(input: unknown): string {
  if (typeof input === 'number' || typeof input === 'boolean') return ` (got ${input})`;
  if (typeof input === 'string' && input.length <= 40) return ` (got ${JSON.stringify(input)})`;
  if (input === null) return ' (got null)';
  return '';
}

/**
 * Words validation issues that arrive serialized (zod's JSON, as a library reports a message
 * that failed its schema) the way describeIssue words fresh ones: `params.uri must be a string`
 * becomes "`uri` must be a string". Undefined when `text` is not such a list.
 */
export function describeWireIssues(text: string): string | undefined {
  let issues: unknown;
  try {
    issues = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const problems: FieldProblem[] = [];
  for (const issue of issues as Array<Record<string, unknown>>) {
    if (!issue || typeof issue.code !== 'string' || !Array.isArray(issue.path)) return undefined;
    const path = issue.path.map(String);
    if (path[0] === 'params') path.shift();
    // Serialized issues carry no input: "received undefined" in the message says it was missing.
    const missing = String(issue.message ?? '').includes('received undefined');
    const problem =
      describeIssue({ ...issue, input: missing ? undefined : {} } as unknown as z.core.$ZodRawIssue) ??
      String(issue.message ?? 'is invalid');
    problems.push({ field: path.join('.') || 'params', problem });
  }
  return problems.map((p) => `\`${p.field}\` ${p.problem}`).join('; ');
}
