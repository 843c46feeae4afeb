import { ORG_PATH, pathWithin } from '@gz/contracts';
import { parsePeriod } from './days';

/** The columns of a third-party survey's results file (Chinese headers, or their English names). */
export const IMPORT_COLUMNS = {
  path: ['单位路径', 'path'],
  day: ['日期', 'day'],
  sample: ['样本数', 'sample'],
  satisfied: ['满意数', 'satisfied'],
} as const;

export interface ImportedRow {
  row: number;
  path: string;
  day: string;
  sample: number;
  satisfied: number;
}

export interface ImportCheck {
  rows: ImportedRow[];
  problems: Array<{ row: number; problems: string[] }>;
  total: number;
}

const WHOLE = /^\d{1,9}$/;

/** Reads and checks every row (row numbers as in the file, the header row 1); places must lie within `scopes`. */
export function checkImport(cells: string[][], scopes: readonly string[]): ImportCheck | { header: string } {
  const [header, ...data] = cells;
  const index: Record<string, number> = {};
  for (const [key, names] of Object.entries(IMPORT_COLUMNS)) {
    const at = (header ?? []).findIndex((h) => (names as readonly string[]).includes(h.trim()));
    if (at < 0) return { header: `The header row lacks the column ${names[0]}` };
    index[key] = at;
  }
  const rows: ImportedRow[] = [];
  const problems: ImportCheck['problems'] = [];
  data.forEach((cellsOfRow, i) => {
    const row = i + 2;
    const get = (k: string) => (cellsOfRow[index[k]] ?? '').trim();
    const found: string[] = [];
    const path = get('path');
    const day = get('day');
    const sample = get('sample');
    const satisfied = get('satisfied');
    if (!ORG_PATH.test(path) || path.split('.').length < 2)
      found.push(`${IMPORT_COLUMNS.path[0]}：不是街道、社区或网格的路径`);
    else if (!scopes.some((s) => pathWithin(path, s))) found.push(`${IMPORT_COLUMNS.path[0]}：不在您的范围内`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !parsePeriod(`${day}..${day}`))
      found.push(`${IMPORT_COLUMNS.day[0]}：应为YYYY-MM-DD`);
    if (!WHOLE.test(sample) || Number(sample) < 1) found.push(`${IMPORT_COLUMNS.sample[0]}：应为正整数`);
    if (!WHOLE.test(satisfied)) found.push(`${IMPORT_COLUMNS.satisfied[0]}：应为非负整数`);
    else if (WHOLE.test(sample) && Number(satisfied) > Number(sample))
      found.push(`${IMPORT_COLUMNS.satisfied[0]}：不能大于样本数`);
    if (found.length > 0) problems.push({ row, problems: found });
    else rows.push({ row, path, day, sample: Number(sample), satisfied: Number(satisfied) });
  });
  return { rows, problems, total: data.length };
}
