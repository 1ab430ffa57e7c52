import { defineHandles } from '../kit/handles.js';

/** What each Forge operation handle carries, by name. */
export const forgeHandles = defineHandles('forge', 'Forge', {
  server: ['server'],
  site: ['server', 'site'],
  deployment: ['server', 'site', 'deployment'],
  certificate: ['server', 'site', 'domain', 'certificate'],
  reboot: ['server'],
  database: ['server', 'database'],
  restore: ['server', 'database', 'before'],
  backup: ['server', 'configuration', 'backup'],
});
