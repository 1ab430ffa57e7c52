/** ServerPilot stamps times as Unix seconds; results speak ISO 8601. */
export function epochIso(seconds: number | null | undefined): string | null {
  return typeof seconds === 'number' && Number.isFinite(seconds)
    ? new Date(seconds * 1000).toISOString()
    : null;
}
