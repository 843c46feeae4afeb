import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { ORG_PATH } from '../common';
import { ROLES } from '../roles';

/** Passwords: 10 to 128 characters (MLPS level 3 asks for complexity; see the identity domain rules). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** A username as accounts are created with: 3-64 lower-case letters, digits, `.`, `_` or `-`. */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/**
 * Applies property decorators as if they were stacked in this order above the property (the
 * last one first, as TypeScript does), so a composed field validates and reports its
 * constraints exactly like the stack it replaces.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorate of [...decorators].reverse()) decorate(target, key);
  };
}

/** The username of a new account (see USERNAME). */
export const IsUsername = (): PropertyDecorator =>
  Matches(USERNAME, { message: 'username must be 3-64 lower-case letters, digits, . _ or -' });

/** A new password: 10 to 128 characters (its strength is checked by the identity service). */
export const IsNewPassword = (): PropertyDecorator => stacked(IsString(), Length(PASSWORD_MIN, PASSWORD_MAX));

/** A person's display name: 1 to 64 characters. */
export const IsDisplayName = (): PropertyDecorator => stacked(IsString(), Length(1, 64));

/** The roles of a person: 1 to 12 distinct roles. */
export const IsRoleList = (): PropertyDecorator =>
  stacked(IsArray(), ArrayMinSize(1), ArrayMaxSize(12), ArrayUnique(), IsIn(ROLES, { each: true }));

/** Org paths an account acts within: 1 to 50 distinct paths. */
export const IsScopeList = (message?: string): PropertyDecorator =>
  stacked(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(50),
    ArrayUnique(),
    Matches(ORG_PATH, message ? { each: true, message } : { each: true }),
  );

/** The scopes of a user, with the message people read. */
export const IsUserScopeList = (): PropertyDecorator => IsScopeList('each scope must be an org path such as d01.s01');
