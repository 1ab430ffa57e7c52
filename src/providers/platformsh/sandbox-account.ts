/** The API token the sandbox's Platform.sh simulator accepts (and its default in tests). */
export const PLATFORMSH_SANDBOX_TOKEN = 'sandbox-platformsh-api-token';

/** The sandbox's Platform.sh account, for a simulator answering at `origin` (token exchange too). */
export function platformshSandboxAccount(origin: string): Record<string, string> {
  return { api_token: PLATFORMSH_SANDBOX_TOKEN, api_url: origin, auth_url: origin };
}
