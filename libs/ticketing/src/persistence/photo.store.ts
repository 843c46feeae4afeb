import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PhotoRow, TicketRow } from './views';

/** Who uploaded which photo (the bytes are in the gateway's photo store), and the tickets that list one. */
@Injectable()
export class PhotoStore {
  constructor(private readonly dataSource: DataSource) {}

  async add(r: PhotoRow): Promise<PhotoRow> {
    const rows: PhotoRow[] = await this.dataSource.query(
      `INSERT INTO "ticketing".photo (id, sha256, content_type, size, uploader_id, uploader_kind, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [r.id, r.sha256, r.content_type, r.size, r.uploader_id, r.uploader_kind, r.uploaded_at],
    );
    return rows[0];
  }

  async byId(id: string): Promise<PhotoRow | undefined> {
    const rows: PhotoRow[] = await this.dataSource.query(`SELECT * FROM "ticketing".photo WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Tickets (at most 50) that have the photo in their photos or in a step of their timeline. */
  async ticketsWith(id: string): Promise<TicketRow[]> {
    return this.dataSource.query(
      // Both sides through their GIN index (an OR of the two scanned every ticket).
      `SELECT * FROM "ticketing".ticket t
        WHERE t.id IN (SELECT id FROM "ticketing".ticket WHERE photos @> ARRAY[$1]::text[]
                       UNION SELECT ticket_id FROM "ticketing".ticket_event WHERE photos @> ARRAY[$1]::text[])
        LIMIT 50`,
      [id],
    );
  }
}
