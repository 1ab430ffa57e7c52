import { isDone } from '../kit/status-map.js';
import { compact, tail } from '../shared.js';
import type { Deployment, Operation } from '../types.js';
import { coolifyHandles } from './handles.js';
import { type CoolifyDeployment, logEntry } from './schemas.js';
import { deploymentState } from './states.js';

export function mapDeployment(account: string, appUuid: string, deployment: CoolifyDeployment): Deployment {
  const state = deploymentState(deployment.status);
  const hash = deployment.commit && deployment.commit !== 'HEAD' ? deployment.commit : null;
  return {
    id: deployment.deployment_uuid,
    site_id: appUuid,
    state,
    status: deployment.status,
    commit:
      hash || deployment.commit_message
        ? { hash, message: deployment.commit_message ?? null, author: null, branch: null }
        : null,
    started_at: deployment.created_at ?? null,
    ended_at: isDone(state) ? (deployment.updated_at ?? null) : null,
    operation_id: coolifyHandles.encode(account, 'deployment', {
      application: appUuid,
      deployment: deployment.deployment_uuid,
    }),
  };
}

/** A deployment, a restart or a rollback (Coolify queues all three as deployments). */
export function deploymentOperation(
  account: string,
  appUuid: string,
  deployment: CoolifyDeployment,
): Operation {
  const mapped = mapDeployment(account, appUuid, deployment);
  const what = deployment.restart_only ? 'Restart' : deployment.rollback ? 'Rollback' : 'Deployment';
  return {
    id: mapped.operation_id,
    kind: 'deployment',
    state: mapped.state,
    done: isDone(mapped.state),
    status: mapped.status,
    description: `${what} ${deployment.deployment_uuid} of ${deployment.application_name ?? appUuid}`,
    started_at: mapped.started_at,
    ended_at: mapped.ended_at,
    site_id: appUuid,
    details: compact({
      server: deployment.server_name,
      commit: mapped.commit?.hash ?? undefined,
      force_rebuild: deployment.force_rebuild || undefined,
      restart_only: deployment.restart_only || undefined,
    }),
  };
}

/**
 * A deployment's `logs` is a JSON array of entries; entries marked hidden are Coolify's own debug
 * commands and stay out. Returns undefined when the field is absent (the token cannot read it).
 */
export function deploymentLogText(logs: string | null | undefined): string | undefined {
  if (logs === null || logs === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(logs);
  } catch {
    return logs;
  }
  if (!Array.isArray(parsed)) return logs;
  const lines: string[] = [];
  for (const raw of parsed) {
    const entry = logEntry.safeParse(raw);
    if (!entry.success || entry.data.hidden || !entry.data.output) continue;
    lines.push(entry.data.output);
  }
  return lines.join('\n');
}

/** Adds the failed deployment's visible log lines, or says why there are none. */
export function withLogTail(operation: Operation, deployment: CoolifyDeployment): Operation {
  if (operation.state !== 'failed') return operation;
  const text = deploymentLogText(deployment.logs);
  if (text === undefined) {
    return {
      ...operation,
      details: { ...operation.details, logs: 'hidden: the API token lacks the read:sensitive permission' },
    };
  }
  return { ...operation, log_tail: tail(text) };
}
