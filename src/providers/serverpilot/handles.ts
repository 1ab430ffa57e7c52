import { defineHandles } from '../kit/handles.js';

/**
 * What each ServerPilot operation handle carries, by name: the server or app the write changed,
 * then every action it started (a write can start several: a system user and its app, a domain
 * and AutoSSL and ForceSSL), each followed to its own end.
 */
export const serverpilotHandles = defineHandles('serverpilot', 'ServerPilot', {
  server: ['server', '...actions'],
  site: ['app', '...actions'],
  certificate: ['app', '...actions'],
  domains: ['app', '...actions'],
  database: ['app', '...actions'],
});

export type AppOperationKind = 'site' | 'certificate' | 'domains' | 'database';
