import { renderVerbs, type Verb } from '../providers/kit/hints.js';

/** The tool that performs each verb providers name symbolically in hints and next steps. */
const TOOL_OF: Record<Verb, string> = {
  'accounts.list': 'list_accounts',
  'servers.list': 'list_servers',
  'servers.get': 'get_server',
  'servers.create': 'create_server',
  'sites.list': 'list_sites',
  'sites.get': 'get_site',
  'sites.create': 'create_site',
  'deployments.list': 'list_deployments',
  'deployments.deploy': 'deploy_site',
  'certificates.list': 'list_certificates',
  'certificates.issue': 'issue_certificate',
  'logs.read': 'tail_logs',
  'operations.get': 'get_operation',
  'env.read': 'get_env',
  'env.change': 'set_env',
  'siteControl.run': 'control_site',
  'serverControl.run': 'control_server',
  'databases.list': 'list_databases',
  'databases.create': 'create_database',
  'backups.list': 'list_backups',
  'backups.create': 'create_backup',
  'backups.restore': 'restore_backup',
  'api.search': 'search_api',
  'api.read': 'read_api',
  'api.write': 'write_api',
};

const toolOf = (name: string) => TOOL_OF[name as Verb];

/** Renders verb marks in every string of a result as tool names. */
export function withToolNames<T>(value: T): T {
  if (typeof value === 'string') return renderVerbs(value, toolOf) as T;
  if (Array.isArray(value)) return value.map(withToolNames) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withToolNames(v)])) as T;
  }
  return value;
}
