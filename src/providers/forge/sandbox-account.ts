/** Where the Forge API answers under its origin (the simulator's routes too). */
export const FORGE_API_PATH = '/api';

/** The token the sandbox's Forge simulator accepts (and its default in tests). */
export const FORGE_SANDBOX_TOKEN = 'sandbox-forge-token';

/** The sandbox's Forge account, for a simulator answering at `origin`. */
export function forgeSandboxAccount(origin: string): Record<string, string> {
  return { api_token: FORGE_SANDBOX_TOKEN, base_url: `${origin}${FORGE_API_PATH}` };
}
