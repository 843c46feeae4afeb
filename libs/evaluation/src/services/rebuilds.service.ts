import { Injectable } from '@nestjs/common';
import type { Actor, RebuildView } from '@gz/contracts';
import { conflict, requireRole } from '@gz/platform';
import { LogStore } from '../persistence/log.store';
import { ProjectionStore, type GenerationRow } from '../persistence/projection.store';

/**
 * A rebuild replays evaluation's whole log into a new generation beside the live one (the
 * projector applies both); readers keep the live figures until the new one has caught up and
 * replaces it, so figures never go blank.
 */
@Injectable()
export class RebuildsService {
  constructor(
    private readonly projection: ProjectionStore,
    private readonly log: LogStore,
  ) {}

  private view(g: GenerationRow, end: string): RebuildView {
    return {
      generation: g.id,
      state: g.state,
      position: g.position,
      logEnd: end,
      startedAt: new Date(g.started_at).toISOString(),
    };
  }

  async start(actor?: Actor): Promise<RebuildView> {
    requireRole(actor, 'district_admin');
    const g = await this.projection.startGeneration();
    if (!g) throw conflict('A rebuild is under way already');
    return this.view(g, await this.log.end());
  }

  async status(actor?: Actor): Promise<RebuildView[]> {
    requireRole(actor, 'district_admin', 'auditor');
    const end = await this.log.end();
    return (await this.projection.generations()).map((g) => this.view(g, end));
  }
}
