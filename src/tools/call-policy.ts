import type { AuditLog } from '../core/audit-log.js';
import { HostingError } from '../core/errors.js';
import type { Redactor } from '../core/redact.js';
import type { ConfirmPlan, RequestPolicy } from '../providers/kit/gate.js';
import type { HostingProvider } from '../providers/types.js';
import type { Confirmations } from './confirmations.js';

/** The server-wide half of the risk policy: the switch, the audit log and the token key. */
export interface PolicyOptions {
  allowDestructive: boolean;
  audit: AuditLog;
  confirmations: Confirmations;
}

/** Asks the person at the client; undefined when the client cannot (no elicitation). */
export type Elicit = (message: string) => Promise<'accept' | 'decline' | 'cancel'>;

/**
 * How a 2026-07-28 connection asks a person: the result itself carries the question, and the
 * client calls again with the answer and the state the first result gave it (multi-round-trip).
 */
export interface AskInResult {
  /** The person's answer when this call is the client's second round; undefined on the first. */
  answer?: 'accept' | 'decline' | 'cancel';
  /** What the first round's result carried back to the client: the request's one-time token. */
  state?: string;
}

/** Thrown on a first round: the tool's result asks the person instead of sending anything. */
export class AskPerson extends Error {
  constructor(
    readonly question: string,
    readonly state: string,
  ) {
    super(question);
  }
}

export interface CallPolicy extends RequestPolicy {
  /** How the destructive request of this call was confirmed, for its result. */
  readonly confirmedBy?: 'elicitation' | 'token';
  /** The tool call's own line: its outcome and the operation handle it returned. */
  auditTool(outcome: string, operationId?: string): void;
}

/**
 * The risk policy of one tool call: confirmation by elicitation when the client can ask a person,
 * else by a one-time token the second call carries; every event audited under the tool's name.
 */
export function callPolicy(
  options: PolicyOptions,
  call: {
    tool: string;
    provider: HostingProvider;
    token?: string;
    elicit?: Elicit;
    ask?: AskInResult;
    redactor: Redactor;
  },
): CallPolicy {
  const account = `${call.provider.id}/${call.provider.account}`;
  const state: { confirmedBy?: 'elicitation' | 'token' } = {};
  const who = { tool: call.tool, provider: call.provider.id, account: call.provider.account };
  return {
    allowDestructive: options.allowDestructive,
    get confirmedBy() {
      return state.confirmedBy;
    },
    audit: (entry) => options.audit.write({ ...who, ...entry }),
    auditTool: (outcome, operationId) =>
      options.audit.write({
        ...who,
        event: 'tool',
        outcome,
        ...(state.confirmedBy ? { confirmed_by: state.confirmedBy } : {}),
        ...(operationId ? { operation_id: operationId } : {}),
      }),
    async confirm(plan: ConfirmPlan) {
      const binding = { account, method: plan.method, path: plan.path, bodyHash: plan.bodyHash };
      const shown = describePlan(call.provider, plan, call.redactor);
      if (call.token) {
        await options.confirmations.redeem(call.token, binding);
        state.confirmedBy = 'token';
        return 'token';
      }
      if (call.ask) {
        const { answer, state: token } = call.ask;
        // First round: the token goes out as the result's state and comes back with the answer,
        // so the answer confirms this exact request only, once, within five minutes.
        if (answer === undefined) throw new AskPerson(shown.text, options.confirmations.issue(binding).token);
        if (answer !== 'accept') throw notConfirmed(answer, plan);
        await options.confirmations.redeem(token ?? '', binding);
        state.confirmedBy = 'elicitation';
        return 'elicitation';
      }
      if (call.elicit) {
        const answer = await call.elicit(shown.text).catch(() => 'cancel' as const);
        if (answer !== 'accept') throw notConfirmed(answer, plan);
        state.confirmedBy = 'elicitation';
        return 'elicitation';
      }
      const { token, expires_at } = options.confirmations.issue(binding);
      throw new HostingError(
        'confirmation_required',
        `This request is destructive and needs a person's confirmation: ${plan.destroys}. Nothing was sent.`,
        {
          hint: 'Show the plan to the user. Only if they agree, call again with the same arguments and `confirm` set to the token (valid 5 minutes, for this exact request, once).',
          details: { plan: shown.plan, confirm: token, expires_at },
        },
      );
    },
  };
}

function notConfirmed(answer: 'decline' | 'cancel', plan: ConfirmPlan): HostingError {
  return new HostingError(
    'cancelled',
    `The person ${answer === 'decline' ? 'declined' : 'did not confirm'} ${plan.method} ${plan.path}. Nothing was sent.`,
    { hint: 'Do not try again unless the user asks for it.' },
  );
}

function describePlan(provider: HostingProvider, plan: ConfirmPlan, redactor: Redactor) {
  const body = plan.body === undefined ? undefined : redactor.value(plan.body);
  const shownPlan = {
    provider: provider.id,
    account: provider.account,
    destroys: plan.destroys,
    request: `${plan.method} ${plan.path}`,
    ...(body === undefined ? {} : { body }),
  };
  const text = [
    `Confirm a destructive request on ${provider.title} (account ${provider.account}):`,
    plan.destroys,
    `${plan.method} ${plan.path}`,
    ...(body === undefined ? [] : [`Body: ${JSON.stringify(body)}`]),
    'Nothing is sent unless you accept.',
  ].join('\n');
  return { plan: shownPlan, text: redactor.text(text) };
}
