/**
 * The life tree: a rule "turns N" is due for a person on the day they turn N (China calendar
 * dates, YYYY-MM-DD). A birthday on 29 February falls on 28 February in common years, as
 * PostgreSQL's `date + interval 'N years'` computes it (the poller's SQL and this agree).
 */
export function birthdayAt(birthDate: string, ageYears: number): string {
  const [y, m, d] = birthDate.split('-').map(Number);
  const year = y + ageYears;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface LifeRule {
  ageYears: number;
  /** first birthday covered (birthdays before the rule existed produce nothing) */
  since: string;
  tag: string | null;
}

/** True when the rule is due for the person by `today`: the birthday reached, not before `since`, the tag carried. */
export function isDue(rule: LifeRule, person: { birthDate: string; tags: readonly string[] }, today: string): boolean {
  if (rule.tag && !person.tags.includes(rule.tag)) return false;
  const at = birthdayAt(person.birthDate, rule.ageYears);
  return at <= today && at >= rule.since;
}
