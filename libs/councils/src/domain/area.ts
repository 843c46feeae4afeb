import type { AreaSource } from '@gz/contracts';

/** The areas known of one unit (专有部分), hundredths of m² (null or undefined: not known). */
export interface KnownAreas {
  registeredArea?: number | null;
  surveyedArea?: number | null;
  contractArea?: number | null;
}

export interface CountedArea {
  area: number;
  source: AreaSource;
}

/**
 * The area the owners' count uses (the Supreme People's Court's interpretation on units in
 * buildings): the registered area (登记), else the surveyed one (测绘), else the contract's
 * (合同). Null when none is known (such a unit cannot be recorded).
 */
export function countedArea(known: KnownAreas): CountedArea | null {
  const candidates: Array<[number | null | undefined, AreaSource]> = [
    [known.registeredArea, 'registered'],
    [known.surveyedArea, 'surveyed'],
    [known.contractArea, 'contract'],
  ];
  for (const [value, source] of candidates)
    if (value !== null && value !== undefined) {
      if (!Number.isInteger(value) || value <= 0)
        throw new RangeError(`${source} area must be a positive whole number of hundredths of m²`);
      return { area: value, source };
    }
  return null;
}

/**
 * A spreadsheet's area in m² (`89.75`, `89.7`, `90`, `1,089.75`) as hundredths; null for a blank
 * cell, undefined when the text is no area (more than two decimals, negative, zero, not a number).
 */
export function parseSquareMetres(text: string): number | null | undefined {
  const t = text
    .trim()
    .replace(/,/g, '')
    .replace(/(m²|㎡|m2|平方米|平米)$/i, '')
    .trim();
  if (t === '') return null;
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  const value = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return value > 0 && value <= 10_000_000 ? value : undefined;
}
