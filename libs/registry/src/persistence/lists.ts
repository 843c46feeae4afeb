import type { Page } from '@gz/contracts';
import { readPage, type PageRead } from '@gz/platform';
import type { DataSource } from 'typeorm';

/** The page a list asks for. */
export interface PageWanted {
  page: number;
  pageSize: number;
}

/** The page of a query, with the list's default page size. */
export function pageWanted(q: { page?: number; pageSize?: number }, pageSize = 20): PageWanted {
  return { page: q.page ?? 1, pageSize: q.pageSize ?? pageSize };
}

/** One page of rows as views (through the platform's `readPage`). */
export async function readViews<R, V>(
  dataSource: DataSource,
  read: Omit<PageRead, 'page' | 'pageSize'>,
  want: PageWanted,
  view: (row: R) => V,
): Promise<Page<V>> {
  const { rows, total } = await readPage<R>(dataSource, { ...read, ...want });
  return { items: rows.map(view), total, page: want.page, pageSize: want.pageSize };
}
