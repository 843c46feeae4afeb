/** One field that changed: what it was and what it became. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The fields of `after` that differ from `before` (only the keys given in `after` are compared;
 * undefined means "not sent"). Arrays compare by content.
 */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const key of Object.keys(after)) {
    const next = after[key];
    if (next === undefined) continue;
    const prev = before[key] ?? null;
    if (!same(prev, next ?? null)) out.push({ field: key, before: prev, after: next ?? null });
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
