import { Injectable } from '@nestjs/common';
import type { Actor, PhotoRef, PhotoType, RegisterPhotoCommand } from '@gz/contracts';
import { forbidden, hasRole, notFound, requireActor } from '@gz/platform';
import { DataSource } from 'typeorm';
import { Clock } from './clock';
import { canSee, reportSources, STAFF_ROLES } from './domain/access';
import type { TicketRow } from './views';

interface PhotoRow {
  id: string;
  sha256: string;
  content_type: PhotoType;
  size: number;
  uploader_id: string;
  uploader_kind: string;
  uploaded_at: Date;
}

const photoView = (r: PhotoRow): PhotoRef => ({
  id: r.id,
  sha256: r.sha256,
  contentType: r.content_type,
  size: r.size,
  uploadedAt: r.uploaded_at.toISOString(),
});

/**
 * Who uploaded which photo, and who may see it: the uploader, and whoever can see a ticket that
 * has it in its photos or in a step of its timeline. The bytes are in the gateway's photo store.
 */
@Injectable()
export class PhotosService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Uploading is for those who report or work on tickets. */
  static mayUpload(a: Actor): boolean {
    if (a.kind === 'client')
      return reportSources(a).length > 0 || (a.grants ?? []).some((g) => g.startsWith('tickets:'));
    return reportSources(a).length > 0 || hasRole(a, ...STAFF_ROLES, 'department_officer');
  }

  async register(cmd: RegisterPhotoCommand, actor: Actor | undefined): Promise<PhotoRef> {
    const a = requireActor(actor);
    if (!PhotosService.mayUpload(a)) throw forbidden('You may not upload photos');
    const rows: PhotoRow[] = await this.dataSource.query(
      `INSERT INTO "ticketing".photo (id, sha256, content_type, size, uploader_id, uploader_kind, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [cmd.id, cmd.sha256, cmd.contentType, cmd.size, a.id, a.kind, this.clock.now()],
    );
    return photoView(rows[0]);
  }

  /** The photo's facts if the caller may see it; otherwise not found (no probing). */
  async access(id: string, actor: Actor | undefined): Promise<PhotoRef> {
    const a = requireActor(actor);
    const rows: PhotoRow[] = await this.dataSource.query(`SELECT * FROM "ticketing".photo WHERE id = $1`, [id]);
    if (rows.length === 0) throw notFound('Photo', { id });
    if (rows[0].uploader_id === a.id) return photoView(rows[0]);
    const tickets: TicketRow[] = await this.dataSource.query(
      // Both sides through their GIN index (an OR of the two scanned every ticket).
      `SELECT * FROM "ticketing".ticket t
        WHERE t.id IN (SELECT id FROM "ticketing".ticket WHERE photos @> ARRAY[$1]::text[]
                       UNION SELECT ticket_id FROM "ticketing".ticket_event WHERE photos @> ARRAY[$1]::text[])
        LIMIT 50`,
      [id],
    );
    const visible = tickets.some((t) =>
      canSee(a, { gridPath: t.grid_path, departments: t.department_paths, reporterId: t.reporter_id }),
    );
    if (!visible) throw notFound('Photo', { id });
    return photoView(rows[0]);
  }
}
