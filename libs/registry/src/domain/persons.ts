import type { Gender } from '@gz/contracts';
import { conflict, invalid, unprocessable } from '@gz/platform';
import { asUtcDay } from './dates';
import { checkIdNumber, idNumberProblemMessage, plausibleBirthDate, type IdNumberInfo } from './id-number';

/** 409 with the current version when the caller read another one (none given: no check). */
export function requireVersion(what: string, given: number | undefined, current: number): void {
  if (given !== undefined && given !== current) {
    throw conflict(`The ${what} was changed meanwhile; reload it and try again`, { currentVersion: current });
  }
}

/** 409: another person holds the identity number. */
export const duplicateIdNumber = () =>
  conflict('A person with this identity number is already registered', { field: 'idNumber' });

/** A move date lies between the birth date and today. */
export function checkMoveDate(date: string, birthDate: string, today: string, field: string): void {
  if (date > today) throw unprocessable(`${field} ${date} is in the future`, { field });
  if (date < birthDate) throw unprocessable(`${field} ${date} is before the birth date`, { field });
}

/** A checked identity number as of `today` (YYYY-MM-DD), or 422 naming the field. */
export function requireValidIdNumber(value: string, today: string, field = 'idNumber'): IdNumberInfo {
  const result = checkIdNumber(value, asUtcDay(today));
  if (!result.ok) {
    throw unprocessable(`${field} is not a valid identity number: ${idNumberProblemMessage(result.problem)}`, {
      field,
      reason: result.problem,
    });
  }
  return result.info;
}

/** 400 unless a new person has a place: a household, or a grid (relation and move-in date go with a household). */
export function checkNewPersonPlace(req: {
  householdId?: string;
  gridPath?: string;
  relation?: string;
  movedInOn?: string;
}): void {
  if (!req.householdId && !req.gridPath) {
    throw invalid('The request is not valid', { fields: { gridPath: ['gridPath or householdId is required'] } });
  }
  if (!req.householdId && (req.relation || req.movedInOn)) {
    throw invalid('The request is not valid', {
      fields: { householdId: ['relation and movedInOn go with householdId'] },
    });
  }
}

export interface NewPersonIdentity {
  /** normalised, when one was given */
  idNumber?: string;
  birthDate: string;
  gender: Gender;
}

/**
 * Birth date and gender of a new person: taken from the identity number when there is one (what
 * was sent must agree with it), required otherwise; the birth date must be plausible.
 */
export function identityOfNewPerson(
  req: { idNumber?: string; birthDate?: string; gender?: Gender },
  today: string,
): NewPersonIdentity {
  let birthDate = req.birthDate;
  let gender = req.gender;
  let idNumber: string | undefined;
  if (req.idNumber !== undefined) {
    const info = requireValidIdNumber(req.idNumber, today);
    idNumber = info.normalized;
    if (birthDate && birthDate !== info.birthDate) {
      throw unprocessable(`birthDate ${birthDate} does not match the identity number (${info.birthDate})`, {
        field: 'birthDate',
      });
    }
    if (gender && gender !== info.gender) {
      throw unprocessable(`gender ${gender} does not match the identity number`, { field: 'gender' });
    }
    birthDate = info.birthDate;
    gender = info.gender;
  }
  const missing: Record<string, string[]> = {};
  if (!birthDate) missing.birthDate = ['birthDate is required without an identity number'];
  if (!gender) missing.gender = ['gender is required without an identity number'];
  if (!birthDate || !gender) throw invalid('The request is not valid', { fields: missing });
  requirePlausibleBirthDate(birthDate, today);
  return { idNumber, birthDate, gender };
}

/** 422 unless a person's birth date is plausible and agrees, with the gender, with their identity number. */
export function checkIdentity(birthDate: string, gender: string, idNumber: string | null, today: string): void {
  requirePlausibleBirthDate(birthDate, today);
  if (!idNumber) return;
  const info = requireValidIdNumber(idNumber, today);
  if (info.birthDate !== birthDate)
    throw unprocessable(`birthDate ${birthDate} does not match the identity number`, { field: 'birthDate' });
  if (info.gender !== gender)
    throw unprocessable(`gender ${gender} does not match the identity number`, { field: 'gender' });
}

function requirePlausibleBirthDate(birthDate: string, today: string): void {
  if (!plausibleBirthDate(birthDate, asUtcDay(today))) {
    throw unprocessable(`birthDate ${birthDate} is not a plausible birth date`, { field: 'birthDate' });
  }
}
