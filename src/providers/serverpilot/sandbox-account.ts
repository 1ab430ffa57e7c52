/** Where the ServerPilot API answers under its origin (the simulator's routes too). */
export const SERVERPILOT_API_PATH = '/v1';

/** The credentials the sandbox's ServerPilot simulator accepts (and its defaults in tests). */
export const SERVERPILOT_SANDBOX = { clientId: 'sandboxclient', apiKey: 'sandbox-serverpilot-api-key' };

/** The sandbox's ServerPilot account, for a simulator answering at `origin`. */
export function serverpilotSandboxAccount(origin: string): Record<string, string> {
  return {
    client_id: SERVERPILOT_SANDBOX.clientId,
    api_key: SERVERPILOT_SANDBOX.apiKey,
    base_url: `${origin}${SERVERPILOT_API_PATH}`,
  };
}
