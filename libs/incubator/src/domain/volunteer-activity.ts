import { randomInt, timingSafeEqual } from 'node:crypto';
import type { SignUpStatus } from '@gz/contracts';

/** The longest activity: a day. */
export const MAX_ACTIVITY_MS = 24 * 60 * 60 * 1000;

/** What is wrong with an activity's times, field by field (empty when nothing is). */
export function activityProblems(a: { startsAt: Date; endsAt: Date }): Record<string, string> {
  if (a.endsAt <= a.startsAt) return { endsAt: 'an activity ends after it starts' };
  if (a.endsAt.getTime() - a.startsAt.getTime() > MAX_ACTIVITY_MS)
    return { endsAt: 'an activity lasts at most 24 hours (record a longer one as several)' };
  return {};
}

/** Letters and digits not confused when read off a screen (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CHECK_CODE_LENGTH = 6;

/** A new check-in code for an activity (6 characters of 31: about 30 bits). */
export function newCheckCode(): string {
  let s = '';
  for (let i = 0; i < CHECK_CODE_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** The code as typed (case, spaces and dashes ignored). */
export const normaliseCheckCode = (typed: string): string => typed.toUpperCase().replace(/[\s-]/g, '');

/** Whether the typed code is the activity's, compared in constant time. */
export function codeMatches(typed: string, code: string): boolean {
  const a = Buffer.from(normaliseCheckCode(typed));
  const b = Buffer.from(code);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** When the activity's code is accepted: from `windowMin` before the start to `windowMin` after the end. */
export function checkWindow(a: { startsAt: Date; endsAt: Date }, windowMin: number): { from: Date; until: Date } {
  return {
    from: new Date(a.startsAt.getTime() - windowMin * 60_000),
    until: new Date(a.endsAt.getTime() + windowMin * 60_000),
  };
}

/** What stands against checking in or out now (null when nothing does), for a sign-up as it is. */
export function checkProblem(
  kind: 'in' | 'out',
  s: { status: SignUpStatus; checkedInAt: Date | null; checkedOutAt: Date | null },
  window: { from: Date; until: Date },
  now: Date,
): string | null {
  if (s.status !== 'confirmed') return 'only a confirmed sign-up checks in and out';
  if (now < window.from) return 'the code is not valid yet: the activity has not begun';
  if (now > window.until) return 'the code has expired: the activity is over';
  if (kind === 'out' && !s.checkedInAt) return 'check in first';
  return null;
}
