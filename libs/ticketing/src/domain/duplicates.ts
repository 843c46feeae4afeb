/** Great-circle distance in metres between two points (haversine). Pure. */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A bounding box around a point, for an index-friendly pre-filter before the exact distance. */
export function boundingBox(
  p: { lat: number; lng: number },
  radiusM: number,
): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = radiusM / 111_320;
  const dLng = radiusM / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)));
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}

export interface DuplicateProbe {
  categoryCode: string;
  gridPath: string;
  building?: string | null;
  lat?: number | null;
  lng?: number | null;
  at: Date;
}

export interface DuplicateRule {
  radiusM: number;
  windowMs: number;
}

/**
 * Whether an open ticket is a likely duplicate of a new report: same category, within the time
 * window, and near it (within the radius when both have a point; else the same building of the
 * same grid). Answers the distance in metres (0 when matched by building), or undefined.
 */
export function duplicateDistance(
  report: DuplicateProbe,
  open: DuplicateProbe,
  rule: DuplicateRule,
): number | undefined {
  if (report.categoryCode !== open.categoryCode) return undefined;
  if (Math.abs(report.at.getTime() - open.at.getTime()) > rule.windowMs) return undefined;
  if (report.lat != null && report.lng != null && open.lat != null && open.lng != null) {
    const d = distanceM({ lat: report.lat, lng: report.lng }, { lat: open.lat, lng: open.lng });
    return d <= rule.radiusM ? Math.round(d) : undefined;
  }
  if (report.building && open.building && report.gridPath === open.gridPath && report.building === open.building)
    return 0;
  return undefined;
}
