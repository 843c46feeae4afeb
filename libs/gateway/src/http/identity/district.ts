import { ALL_STREETS } from '@gz/contracts';

/** The identity service is district-wide: its requests go to the `all` street token. */
export const DISTRICT = ALL_STREETS;
