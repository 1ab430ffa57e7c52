/** The token the sandbox's PanelAlpha simulator accepts (and its default in tests). */
export const PANELALPHA_SANDBOX_TOKEN = 'sandbox-panelalpha-token';
/** The seed's first user (Dana, who owns shop.acme.test): the sandbox acts as her. */
export const PANELALPHA_SANDBOX_USER = '12';

/** The sandbox's PanelAlpha account, for a simulator answering at `origin`. */
export function panelalphaSandboxAccount(origin: string): Record<string, string> {
  return { api_token: PANELALPHA_SANDBOX_TOKEN, base_url: origin, user_id: PANELALPHA_SANDBOX_USER };
}
