/**
 * Providers name the verbs a user should reach for symbolically — `verb('servers.list')` — and the
 * tools layer renders each mark as the tool's name. So a provider never spells an MCP tool name,
 * and renaming a tool changes one table.
 */
export type Verb =
  | 'accounts.list'
  | 'servers.list'
  | 'servers.get'
  | 'servers.create'
  | 'sites.list'
  | 'sites.get'
  | 'sites.create'
  | 'deployments.list'
  | 'deployments.deploy'
  | 'certificates.list'
  | 'certificates.issue'
  | 'logs.read'
  | 'operations.get'
  | 'env.read'
  | 'env.change'
  | 'siteControl.run'
  | 'serverControl.run'
  | 'databases.list'
  | 'databases.create'
  | 'backups.list'
  | 'backups.create'
  | 'backups.restore'
  | 'api.search'
  | 'api.read'
  | 'api.write';

const OPEN = '\u27e8';
const CLOSE = '\u27e9';

/** A mark the tools layer replaces by the tool that performs `name`. */
export function verb(name: Verb): string {
  return `${OPEN}${name}${CLOSE}`;
}

const MARK = /\u27e8([A-Za-z]+\.[a-z]+)\u27e9/g;

/** Replaces every verb mark in `text` by its tool name (unknown marks keep their symbolic name). */
export function renderVerbs(text: string, toolOf: (name: string) => string | undefined): string {
  if (!text.includes(OPEN)) return text;
  return text.replace(MARK, (_mark, name: string) => toolOf(name) ?? name);
}

/** Which list verb shows valid values of a path parameter, by the parameter's name. */
export function listVerbFor(param: string): Verb | undefined {
  if (/^(server|servers|serveruuid|server_uuid|serverid|projectid|project|project_id)$/i.test(param)) {
    return 'servers.list';
  }
  if (
    /^(site|app|appid|application|application_uuid|environmentid|environment|instance|instanceid)$/i.test(
      param,
    )
  ) {
    return 'sites.list';
  }
  if (/^(deployment|deployment_uuid|deploymentid|activityid)$/i.test(param)) return 'deployments.list';
  return undefined;
}
