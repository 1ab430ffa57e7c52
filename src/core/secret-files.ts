import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Some providers hand out a secret exactly once that the user needs and the model must not see
 * (an installer command with an API key, a generated password). Such a secret is written to a
 * file only the current user can read, and the tool result names the file instead of the value.
 */
export interface SecretFiles {
  /** Writes `content` to a new 0600 file and returns its path. */
  save(name: string, content: string): Promise<string>;
}

export function secretFilesIn(directory: string, now: () => Date = () => new Date()): SecretFiles {
  return {
    async save(name, content) {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const stamp = now().toISOString().replace(/[:.]/g, '-');
      const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);
      const path = join(directory, `${stamp}-${safe}`);
      await writeFile(path, content, { mode: 0o600, flag: 'wx' });
      return path;
    },
  };
}
