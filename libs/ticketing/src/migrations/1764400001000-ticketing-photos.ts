import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploaded photos: the bytes are in the photo store (the gateway's storage port); here who uploaded what. */
export class TicketingPhotos1764400001000 implements MigrationInterface {
  name = 'TicketingPhotos1764400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "ticketing".photo (
        id uuid PRIMARY KEY,
        sha256 text NOT NULL,
        content_type text NOT NULL,
        size int NOT NULL CHECK (size > 0),
        uploader_id text NOT NULL,
        uploader_kind text NOT NULL,
        uploaded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ticket_photos ON "ticketing".ticket USING gin (photos)`);
    await q.query(`CREATE INDEX ticket_event_photos ON "ticketing".ticket_event USING gin (photos)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ticketing".ticket_event_photos`);
    await q.query(`DROP INDEX "ticketing".ticket_photos`);
    await q.query(`DROP TABLE "ticketing".photo`);
  }
}
