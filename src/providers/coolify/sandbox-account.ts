/** The token the sandbox's Coolify simulator accepts (and its default in tests). */
export const COOLIFY_SANDBOX_TOKEN = '1|sandboxCoolifyTokenR4nd0m5tr1ngXyz0123456789';

/** The sandbox's Coolify account, for a simulator answering at `origin`. */
export function coolifySandboxAccount(origin: string): Record<string, string> {
  return { api_token: COOLIFY_SANDBOX_TOKEN, base_url: origin };
}
