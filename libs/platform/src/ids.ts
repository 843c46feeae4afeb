import { v7 } from 'uuid';

/** Ids are UUIDv7 made by the app (PostgreSQL 15 has no uuidv7()). */
export function newId(): string {
  return v7();
}
