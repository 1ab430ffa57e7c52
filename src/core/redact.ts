/**
 * One redactor runs over everything that leaves the process: tool results, errors, resource
 * contents and log lines. It combines three nets, because no single one is enough:
 *  1. exact values known to be secret (configured tokens, passwords a provider returned once);
 *  2. object keys whose names mean "secret" (password, token, private_key, ...);
 *  3. text patterns (PEM private keys, KEY=value lines of env files, bearer tokens, URL userinfo).
 */

export const REDACTED = '[redacted]';

/** Prepares a string before redaction; `key` is the object key that holds it, if any. */
export type StringCleaner = (text: string, key: string | undefined) => string;

/** Keys whose values are secrets wherever they appear. Matched on the normalized key name. */
const SECRET_KEY =
  /(^|_)(password|passwd|pwd|secret|token|api_?key|private_?key|ssh_?key|access_?key|secret_?key|client_?secret|credentials?|authorization|cookie|passphrase|salt|env_?file|dotenv|installer_?key|provision_?command)($|_)/i;

/** Keys that look secret by name but hold harmless metadata. */
const SAFE_KEY =
  /^(token_type|has_password|password_set|key_type|public_key|.*_id|.*_ids|.*_uuid|.*_count|.*_at)$/i;

/** Env-style names whose values are secret: DB_PASSWORD, APP_KEY, AWS_SECRET_ACCESS_KEY, ... */
const SECRET_ENV_NAME = /(PASS|SECRET|TOKEN|(^|_)KEY($|_)|PRIVATE|CREDENTIAL|AUTH|SALT|DSN|_PWD)/i;

const TEXT_PATTERNS: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // PEM private keys, whole block (also when truncated at the end).
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, REDACTED],
  // Authorization headers and bearer/basic tokens in text.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, (_m, scheme) => `${scheme} ${REDACTED}`],
  // Credentials embedded in URLs: scheme://user:pass@host, and scheme://TOKEN@host, the way Git
  // remotes carry a token in place of the user name.
  [
    /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@?#]+)(:[^\s@/?#]*)?@/gi,
    (m, scheme, user, password) =>
      password ? `${scheme}${user}:${REDACTED}@` : isLoginName(scheme, user) ? m : `${scheme}${REDACTED}@`,
  ],
  // Secrets in URL query strings: ?token=…, &api_key=…, &signature=…
  [
    /([?&](?:[a-z_]*token|api_?key|key|secret|password|passwd|signature|sig|auth)=)[^&\s"'<>]+/gi,
    (_m, prefix) => `${prefix}${REDACTED}`,
  ],
  // KEY=value and KEY: value lines of env files and configs, where KEY names a secret.
  [
    /\b([A-Z][A-Z0-9_]*)(\s*[=:]\s*)("[^"\n]*"|'[^'\n]*'|[^\s"'\n]+)/g,
    (m, name, sep) => (SECRET_ENV_NAME.test(name) ? `${name}${sep}${REDACTED}` : m),
  ],
  // JSON-ish "password": "..." inside free text (error bodies, logs).
  [
    /("(?:[a-z_]*(?:password|secret|token|api_key|private_key)[a-z_]*)"\s*:\s*)"[^"]*"/gi,
    (_m, prefix) => `${prefix}"${REDACTED}"`,
  ],
];

/**
 * Text that any of TEXT_PATTERNS can match contains one of these: `=` or `:` (env lines, query
 * strings, JSON, URL credentials), a PEM header, or an auth scheme. Text with none of them is
 * returned after the secret-value pass alone, which spares most values (names, ids, states, log
 * fields) the six scans. A new pattern must add what it cannot match without here.
 */
const PATTERN_HINT = /[=:]|-----BEGIN|Bearer|Basic/;

/** Shortest secret value we track: shorter ones would redact ordinary words. */
const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  constructor(initial: Iterable<string> = []) {
    for (const value of initial) this.addSecret(value);
  }

  /** Remember a value as secret from now on (config tokens, one-time passwords from responses). */
  addSecret(value: string | undefined | null): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.secrets.has(value)) return;
    this.secrets.add(value);
    this.pattern = undefined;
  }

  isSecretKey(key: string): boolean {
    return SECRET_KEY.test(key) && !SAFE_KEY.test(key);
  }

  text(input: string): string {
    let out = input;
    if (this.secrets.size > 0) {
      this.pattern ??= new RegExp(
        [...this.secrets]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|'),
        'g',
      );
      out = out.replace(this.pattern, REDACTED);
    }
    if (!PATTERN_HINT.test(out)) return out;
    for (const [pattern, replacement] of TEXT_PATTERNS) {
      out = out.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
    }
    return out;
  }

  /**
   * Deep copy of `value` with secrets removed. Strings are scanned; secret-named keys are masked.
   * `clean`, when given, prepares each string first (with the key that holds it), so text that
   * hides a secret behind invisible characters is cleaned before the patterns look at it.
   */
  value<T>(value: T, clean?: StringCleaner): T {
    return this.walk(value, 0, clean, undefined) as T;
  }

  private walk(
    value: unknown,
    depth: number,
    clean: StringCleaner | undefined,
    key: string | undefined,
  ): unknown {
    if (depth > 32) return '[too deep]';
    if (typeof value === 'string') return this.text(clean ? clean(value, key) : value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item, depth + 1, clean, key));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [inner, field] of Object.entries(value)) {
        if (this.isSecretKey(inner) && field !== null && field !== undefined && typeof field !== 'boolean') {
          out[inner] = REDACTED;
        } else {
          out[inner] = this.walk(field, depth + 1, clean, inner);
        }
      }
      return out;
    }
    return value;
  }
}

/**
 * A user name alone is kept only where it is a login and no credential: a short lowercase name on
 * a non-web scheme (ssh://git@host, sftp://deploy@host). On http(s) a user name is sent as Basic
 * credentials, and tokens (mixed case, long) never look like this.
 */
function isLoginName(scheme: string, user: string): boolean {
  return !/^https?:/i.test(scheme) && /^[a-z_][a-z0-9_.-]{0,31}$/.test(user);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
