/**
 * A district's year written straight into evaluation's log with set-based SQL (no service, no
 * bus): per ticket its report, opening and closing (most of them), a department's dispatch,
 * acknowledgement and result, and a rating for some. The envelopes are the ones the services
 * publish, so the projector applies them exactly as it applies consumed events.
 */
import type { DataSource } from 'typeorm';

export interface HistoryShape {
  tickets: number;
  streets: number;
  communitiesPerStreet: number;
  gridsPerCommunity: number;
  year: number;
}

const DEPARTMENTS = [
  'd01.dep-sanitation',
  'd01.dep-urban',
  'd01.dep-housing',
  'd01.dep-parks',
  'd01.dep-civil',
  'd01.dep-market',
  'd01.dep-emergency',
];

/**
 * Which events a ticket has: every one is reported and opened; 90% are dispatched; 85% closed;
 * 30% of those rated. Each choice (and the kind, source, department, stars) is taken from a hash
 * of the ticket's number, not from the number itself, so it does not line up with its street and
 * community (which are taken from the number, to spread tickets evenly).
 */
const KINDS: Array<{ key: string; type: string; hours: number; minutes?: string; when: string }> = [
  { key: 'r', type: 'ticket.reported', hours: 0, when: 'true' },
  { key: 'o', type: 'ticket.opened', hours: 1, when: 'true' },
  { key: 'd', type: 'dispatch.confirmed', hours: 2, when: 'h % 10 <> 0' },
  { key: 'a', type: 'assignment.acknowledged', hours: 3, minutes: '(i * 17) % 300', when: 'h % 10 <> 0' },
  // handling and closing times spread over some 1,000 distinct minutes, as real ones are
  { key: 'h', type: 'assignment.handled', hours: 12, minutes: '(i * 37) % 1000', when: 'h % 10 <> 0' },
  { key: 'c', type: 'ticket.closed', hours: 30, minutes: '(i * 53) % 1200', when: '(h / 10) % 20 > 2' },
  { key: 's', type: 'ticket.rated', hours: 60, when: '(h / 10) % 20 > 2 AND (h / 200) % 10 < 3' },
];

function envelopeSql(kind: (typeof KINDS)[number], shape: HistoryShape): string {
  const at = `to_char(t + interval '${kind.hours} hours' + (i % 7) * interval '1 hour' + (${kind.minutes ?? '0'}) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  const street = `'s' || lpad((i % ${shape.streets} + 1)::text, 2, '0')`;
  const grid = `'d01.' || ${street} || '.c' || lpad((i / ${shape.streets} % ${shape.communitiesPerStreet} + 1)::text, 2, '0') || '.g' || lpad((i / ${shape.streets * shape.communitiesPerStreet} % ${shape.gridsPerCommunity} + 1)::text, 2, '0')`;
  const department = `(ARRAY[${DEPARTMENTS.map((d) => `'${d}'`).join(',')}])[(h / 120000) % ${DEPARTMENTS.length} + 1]`;
  const base = `'ticketId', md5('t' || i)::uuid, 'street', ${street}, 'gridPath', ${grid}, 'at', ${at}`;
  const ticket = `${base}, 'categoryCode', CASE WHEN (h / 2000) % 3 = 0 THEN 'C0101' ELSE 'E0101' END, 'from', null,
      'by', jsonb_build_object('id', 'w' || ((h / 7) % 997), 'kind', 'user')`;
  const facts = `'categoryName', '问题', 'categoryKind', CASE WHEN (h / 2000) % 3 = 0 THEN 'component' ELSE 'event' END, 'severity', 'normal',
      'source', (ARRAY['grid_patrol','resident','hotline_12345','informant'])[(h / 6000) % 4 + 1], 'ackMinutes', 120, 'handleMinutes', 1440, 'gridClosable', false`;
  const assignment = `${base}, 'assignmentId', md5('a' || i)::uuid, 'department', jsonb_build_object('path', ${department}, 'name', '部门'),
      'role', 'lead', 'by', jsonb_build_object('id', 'officer', 'kind', 'user')`;
  const data: Record<string, string> = {
    r: `jsonb_build_object(${ticket}, 'to', 'reported', ${facts})`,
    o: `jsonb_build_object(${ticket}, 'to', 'opened', ${facts})`,
    d: `jsonb_build_object(${base}, 'round', 1, 'overridden', false, 'by', jsonb_build_object('id', 'centre', 'kind', 'user'),
          'assignments', jsonb_build_array(jsonb_build_object('assignmentId', md5('a' || i)::uuid,
            'department', jsonb_build_object('path', ${department}, 'name', '部门'), 'role', 'lead',
            'ackDueAt', to_char(t + interval '6 hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            'handleDueAt', to_char(t + interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))))`,
    a: `jsonb_build_object(${assignment})`,
    h: `jsonb_build_object(${assignment}, 'result', '已处理', 'photos', '[]'::jsonb, 'allHandled', true)`,
    c: `jsonb_build_object(${ticket}, 'to', 'closed')`,
    s: `jsonb_build_object(${ticket}, 'to', 'closed', 'stars', (h / 24000) % 5 + 1)`,
  };
  return `jsonb_build_object('id', md5('${kind.key}' || i)::uuid, 'type', '${kind.type}', 'version', 1, 'occurredAt', ${at},
      'street', ${street}, 'actor', jsonb_build_object('kind', 'system', 'id', 'history'), 'data', ${data[kind.key]})`;
}

/**
 * Writes the year's events in ticket order, in chunks (each its own transaction, holding the
 * log's lock shared as every append does). Answers the number of entries written.
 */
export async function writeHistory(
  ds: DataSource,
  shape: HistoryShape,
  onChunk?: (written: number) => void,
): Promise<number> {
  const CHUNK = 50_000;
  let written = 0;
  for (let from = 1; from <= shape.tickets; from += CHUNK) {
    const to = Math.min(shape.tickets, from + CHUNK - 1);
    written += await ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock_shared(hashtext('gz-evaluation-log'))::text`);
      const selects = KINDS.map(
        (k, n) => `SELECT i, ${n} AS n, ${envelopeSql(k, shape)} AS e FROM g WHERE ${k.when}`,
      ).join('\n UNION ALL ');
      const [{ count }] = await m.query(
        // tickets in time order through the year, as a real log is
        `WITH g AS (SELECT i, (i * 2654435761) % 4294967291 AS h, timestamptz '${shape.year}-01-01 00:00:00Z' + (i * 360 / ${shape.tickets}) * interval '1 day' + (i % 13) * interval '1 hour' AS t
                      FROM generate_series(${from}::bigint, ${to}::bigint) i),
              added AS (
                INSERT INTO "evaluation".event_log (event_id, type, street, occurred_at, envelope)
                SELECT (e->>'id')::uuid, e->>'type', e->>'street', (e->>'occurredAt')::timestamptz, e
                  FROM (${selects}) x ORDER BY i, n
                RETURNING 1)
         SELECT count(*)::int AS count FROM added`,
      );
      return count as number;
    });
    onChunk?.(written);
  }
  return written;
}
