import type { Redactor } from '../../core/redact.js';
import type { SecretFiles } from '../../core/secret-files.js';
import type { PanelAlphaClient } from './client.js';
import type { PanelAlphaRefs } from './refs.js';

/** What every PanelAlpha capability works with: the account's name, its client and its resolvers. */
export interface PanelAlphaAccount {
  title: string;
  account: string;
  client: PanelAlphaClient;
  refs: PanelAlphaRefs;
  /** Panel credentials a call passes in are made secret before anything can echo them. */
  redactor: Redactor;
  /** Where database passwords made here are kept (0600 files), instead of in results. */
  secretFiles: SecretFiles;
}

/** Integer ids go out as numbers, as the document types them. */
export function intId(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The record with the highest numeric id (ids are integers in PanelAlpha). */
export function newest<T extends { id: string }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (!best || compareIds(item.id, best.id) > 0) best = item;
  return best;
}

export function compareIds(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a.localeCompare(b);
}
