import { accountTools } from './accounts.tools.js';
import { apiTools } from './api.tools.js';
import { certificateTools } from './certificates.tools.js';
import type { ToolDefinition } from './define-tool.js';
import { deploymentTools } from './deployments.tools.js';
import { logTools } from './logs.tools.js';
import { operationTools } from './operations.tools.js';
import { opsTools } from './ops.tools.js';
import { serverTools } from './servers.tools.js';
import { siteTools } from './sites.tools.js';

/** Every tool, in the order clients list them. */
export const ALL_TOOLS: readonly ToolDefinition[] = [
  ...accountTools,
  ...serverTools,
  ...siteTools,
  ...deploymentTools,
  ...operationTools,
  ...certificateTools,
  ...logTools,
  ...opsTools,
  ...apiTools,
];

export const DEFAULT_TOOLSETS = ['core', 'ops', 'api'];
