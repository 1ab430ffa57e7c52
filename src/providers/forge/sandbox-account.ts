/**
 * The sandbox account: the credentials its simulator accepts and where it answers. Part of the
 * server bundle (the simulator is not), so the sandbox can bind a port and configure the account
 * before the simulator is loaded, on its first connection.
 */

/** The token the sandbox's Forge simulator accepts (and its default in tests). */
export const FORGE_SANDBOX_TOKEN = 'sandbox-forge-token';

/** The sandbox's Forge account, for a simulator answering at `origin`. */
export function forgeSandboxAccount(origin: string): Record<string, string> {
  return { api_token: FORGE_SANDBOX_TOKEN, base_url: `${origin}/api` };
}
