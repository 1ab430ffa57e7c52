import type { EnvVariable } from '../types.js';

/**
 * A dotenv file as text that can be changed key by key: comments, blank lines, order and every
 * other value stay exactly as they were. Values never leave this module except in the text sent
 * back to the provider: callers get keys and set/empty markers only.
 */

interface Entry {
  key: string;
  /** Lines this entry spans (a double-quoted value may run over several). */
  start: number;
  end: number;
  empty: boolean;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

function entries(lines: readonly string[]): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = ASSIGNMENT.exec(lines[i]!);
    if (!match) continue;
    const key = match[1]!;
    const value = match[2]!.trim();
    let end = i;
    // A double-quoted value without its closing quote continues on the next lines.
    if (value.startsWith('"') && !closes(value.slice(1))) {
      while (end + 1 < lines.length && !closes(lines[end + 1]!)) end++;
      if (end + 1 < lines.length) end++;
    }
    out.push({ key, start: i, end, empty: value === '' || value === '""' || value === "''" });
    i = end;
  }
  return out;
}

function closes(text: string): boolean {
  return /(^|[^\\])"\s*(#.*)?$/.test(text);
}

/** The keys of a dotenv file, each with set/empty and never a value. */
export function envKeys(text: string, scope: string | null = null): EnvVariable[] {
  const seen = new Map<string, EnvVariable>();
  for (const entry of entries(text.split('\n'))) {
    seen.set(entry.key, { key: entry.key, value: entry.empty ? 'empty' : 'set', scope });
  }
  return [...seen.values()];
}

export type KeyChange = 'added' | 'updated' | 'removed' | 'not present';

/** Writes a value the way dotenv reads it back: bare when safe, else double-quoted and escaped. */
function quote(value: string): string {
  if (/^[A-Za-z0-9_./:@+-]*$/.test(value)) return value;
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

/**
 * Applies `set` and `unset` to the file: a key that exists is replaced where it stands (every
 * occurrence), a new one is appended, an unset one is removed. Returns the new text and, per named
 * key, what happened to it.
 */
export function changeEnv(
  text: string,
  set: Record<string, string>,
  unset: readonly string[],
): { text: string; changes: Record<string, KeyChange> } {
  const lines = text.split('\n');
  const found = entries(lines);
  // No prototype: keys such as constructor or toString are plain keys here.
  const changes: Record<string, KeyChange> = Object.create(null);
  const replaced = new Map<number, string[]>();
  for (const entry of found) {
    // Own keys only: a line named toString or constructor must not match Object.prototype's.
    if (Object.hasOwn(set, entry.key)) {
      replaced.set(entry.start, [`${entry.key}=${quote(set[entry.key]!)}`]);
      changes[entry.key] = 'updated';
    } else if (unset.includes(entry.key)) {
      replaced.set(entry.start, []);
      changes[entry.key] = 'removed';
    } else {
      continue;
    }
    for (let line = entry.start + 1; line <= entry.end; line++) replaced.set(line, []);
  }
  const out: string[] = [];
  lines.forEach((line, index) => {
    out.push(...(replaced.get(index) ?? [line]));
  });
  const added = Object.keys(set).filter((key) => !changes[key]);
  if (added.length) {
    while (out.length && out[out.length - 1] === '') out.pop();
    for (const key of added) {
      out.push(`${key}=${quote(set[key]!)}`);
      changes[key] = 'added';
    }
    out.push('');
  }
  for (const key of unset) changes[key] ??= 'not present';
  return { text: out.join('\n'), changes };
}
