/**
 * Ids become path segments, and an id of `.` or `..` (or `%2e%2e`, or `../x` once a server decodes
 * `%2F`) makes URL normalisation send the request to another path: a read of one resource becomes
 * a read of its parent, a deploy becomes a POST somewhere else. Ids come from the model and from
 * provider responses alike, so neither may change a path's shape; these checks run where every
 * path is built and sent.
 */

/** Decodes percent-escapes until none is left (a few rounds at most), tolerating broken ones. */
function decodedFully(value: string): string {
  let current = value;
  for (let round = 0; round < 3 && current.includes('%'); round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      next = current.replace(/%2e/gi, '.').replace(/%2f/gi, '/').replace(/%5c/gi, '\\');
    }
    if (next === current) break;
    current = next;
  }
  return current;
}

/** True when `value`, decoded as a server might, is or contains a `.`/`..` path segment. */
export function hasDotSegment(value: string): boolean {
  return decodedFully(value)
    .split(/[/\\]/)
    .some((segment) => segment === '.' || segment === '..');
}

/**
 * Number of `/`-separated segments of a path (query and fragment excluded). Compared before and
 * after URL parsing, it catches any reshaping: a URL parser also turns `\\` into `/`.
 */
export function segmentCount(path: string): number {
  return path.split(/[?#]/, 1)[0]!.split('/').length;
}
