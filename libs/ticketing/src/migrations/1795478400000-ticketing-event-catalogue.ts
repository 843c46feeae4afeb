import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ADDED_NATIONAL_EVENTS } from '../domain/catalogue';

/**
 * Completes the national event catalogue to the 112 event categories of a street's
 * responsibility list in the seeds. A district that already made one of these codes its own
 * keeps it.
 */
export class TicketingEventCatalogue1795478400000 implements MigrationInterface {
  name = 'TicketingEventCatalogue1795478400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO "ticketing".category (code, kind, major_code, major_name, name, ack_minutes, handle_minutes, severity, grid_closable)
       SELECT code, kind, major_code, major_name, name, ack_minutes, handle_minutes, severity, grid_closable
         FROM jsonb_to_recordset($1::jsonb) AS c(code text, kind text, major_code text, major_name text, name text,
              ack_minutes int, handle_minutes int, severity text, grid_closable boolean)
       ON CONFLICT (code) DO NOTHING`,
      [
        JSON.stringify(
          ADDED_NATIONAL_EVENTS.map((c) => ({
            code: c.code,
            kind: c.kind,
            major_code: c.majorCode,
            major_name: c.majorName,
            name: c.name,
            ack_minutes: c.ackMinutes,
            handle_minutes: c.handleMinutes,
            severity: c.severity,
            grid_closable: c.gridClosable,
          })),
        ),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Only the categories no ticket uses yet can go.
    await q.query(
      `DELETE FROM "ticketing".category c
        WHERE c.district IS NULL AND c.code = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM "ticketing".ticket t WHERE t.category_code = c.code)`,
      [ADDED_NATIONAL_EVENTS.map((c) => c.code)],
    );
  }
}
