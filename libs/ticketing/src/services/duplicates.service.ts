import { Injectable } from '@nestjs/common';
import type { DuplicateCandidate } from '@gz/contracts';
import { boundingBox, duplicateDistance, type DuplicateProbe, type DuplicateRule } from '../domain/duplicates';
import { TicketSearchStore } from '../persistence/ticket-search.store';
import type { TicketRow } from '../persistence/views';
import { TicketingConfig } from '../ticketing.config';

/** What a report (or a ticket) is compared by. */
export type DuplicateSubject = Pick<
  TicketRow,
  'id' | 'category_code' | 'grid_path' | 'building' | 'lat' | 'lng' | 'reported_at'
>;

const probeOf = (t: DuplicateSubject): DuplicateProbe => ({
  categoryCode: t.category_code,
  gridPath: t.grid_path,
  building: t.building,
  lat: t.lat,
  lng: t.lng,
  at: t.reported_at,
});

/** Open tickets that may be the same problem as a report: offered to merge. */
@Injectable()
export class DuplicatesService {
  private readonly rule: DuplicateRule;

  constructor(
    private readonly search: TicketSearchStore,
    config: TicketingConfig,
  ) {
    this.rule = { radiusM: config.DUPLICATE_RADIUS_M, windowMs: config.DUPLICATE_WINDOW_H * 3600_000 };
  }

  /** Open tickets of the same category near this one, within the time window, nearest first. */
  async of(t: DuplicateSubject): Promise<DuplicateCandidate[]> {
    const near =
      t.lat != null && t.lng != null
        ? { box: boundingBox({ lat: t.lat, lng: t.lng }, this.rule.radiusM) }
        : t.building
          ? { gridPath: t.grid_path, building: t.building }
          : undefined;
    if (!near) return [];
    const rows = await this.search.nearbyOpen({
      id: t.id,
      categoryCode: t.category_code,
      since: new Date(t.reported_at.getTime() - this.rule.windowMs),
      near,
    });
    const probe = probeOf(t);
    const out: DuplicateCandidate[] = [];
    for (const r of rows) {
      const d = duplicateDistance(probe, probeOf(r), this.rule);
      if (d !== undefined)
        out.push({
          id: r.id,
          state: r.state,
          description: r.description,
          distanceM: d,
          reportedAt: r.reported_at.toISOString(),
        });
    }
    return out.sort((x, y) => x.distanceM - y.distanceM);
  }
}
