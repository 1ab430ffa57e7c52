/**
 * The sandbox account: the credentials its simulator accepts and where it answers. Part of the
 * server bundle (the simulator is not), so the sandbox can bind a port and configure the account
 * before the simulator is loaded, on its first connection.
 */

/** The credentials the sandbox's ServerPilot simulator accepts (and its defaults in tests). */
export const SERVERPILOT_SANDBOX = { clientId: 'sandboxclient', apiKey: 'sandbox-serverpilot-api-key' };

/** The sandbox's ServerPilot account, for a simulator answering at `origin`. */
export function serverpilotSandboxAccount(origin: string): Record<string, string> {
  return {
    client_id: SERVERPILOT_SANDBOX.clientId,
    api_key: SERVERPILOT_SANDBOX.apiKey,
    base_url: `${origin}/v1`,
  };
}
