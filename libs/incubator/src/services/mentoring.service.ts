import { Injectable } from '@nestjs/common';
import type { Actor, IncubationPageQuery, MentoringView, Page, RecordMentoringCommand } from '@gz/contracts';
import { Clock, conflict, newId, requireActor, shanghaiDay, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { UNDER_WAY } from '../domain/incubation-stages';
import { IncubationStore } from '../persistence/incubation.store';
import { mentoringView, type MentoringRow } from '../persistence/incubation-views';
import { IncubationsService } from './incubations.service';

/** Mentoring (辅导) of incubated organisations, recorded by the park's keepers while incubation is under way. */
@Injectable()
export class MentoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incubations: IncubationsService,
    private readonly store: IncubationStore,
    private readonly clock: Clock,
  ) {}

  async record(cmd: RecordMentoringCommand, actor: Actor | undefined): Promise<MentoringView> {
    const a = requireActor(actor);
    const i = await this.incubations.kept(cmd.incubationId, a);
    if (!UNDER_WAY.includes(i.stage))
      throw conflict(
        `Mentoring is recorded while an incubation is under way (${UNDER_WAY.join(', ')}); it is ${i.stage}`,
        {
          stage: i.stage,
        },
      );
    const now = this.clock.now();
    if (cmd.heldOn > shanghaiDay(now)) throw unprocessable('heldOn lies in the future', { field: 'heldOn' });
    if (cmd.heldOn < shanghaiDay(i.applied_at))
      throw unprocessable('heldOn lies before the organisation applied', { field: 'heldOn' });
    const row: MentoringRow = {
      id: newId(),
      incubation_id: i.id,
      held_on: cmd.heldOn,
      mentor: cmd.mentor.trim(),
      mentor_organisation: cmd.mentorOrganisation?.trim() ?? null,
      topic: cmd.topic.trim(),
      notes: cmd.notes?.trim() ?? null,
      recorded_by_id: a.id,
      recorded_by_name: a.username ?? null,
      recorded_at: now,
    };
    await this.store.insertMentoring(this.dataSource, row);
    return mentoringView(row);
  }

  async list(query: IncubationPageQuery, actor: Actor | undefined): Promise<Page<MentoringView>> {
    await this.incubations.visible(query.incubationId, actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.store.mentoring(query.incubationId, page, pageSize);
    return { items: rows.map(mentoringView), total, page, pageSize };
  }
}
