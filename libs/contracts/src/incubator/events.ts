import type { EventPerson } from '../actor';
import type { OrgLegalStatus, ServiceField } from './organisations';

/** `organisation.registered`: a community social organisation was put on the incubator's roll. */
export interface OrganisationRegisteredData {
  organisationId: string;
  name: string;
  legalStatus: OrgLegalStatus;
  street: string;
  communityPath: string;
  communitiesServed: string[];
  fields: ServiceField[];
  by: EventPerson;
  at: string;
}

// Each part appends its payload types above this line and its events to the map and the
// constants below, under its marker.

/** Events the incubator service publishes. */
export const IncubatorEvents = {
  organisationRegistered: 'organisation.registered',
  // -- organisations and incubation (helper I1) --
  // -- venture-philanthropy rounds (helper I2) --
  // -- purchased services and community funds (helper I3) --
  // -- volunteers (helper I4) --
} as const satisfies Record<string, keyof IncubatorEventMap>;

/** The incubator's part of the platform's event map: each event type → its payload. */
export interface IncubatorEventMap {
  'organisation.registered': OrganisationRegisteredData;
  // -- organisations and incubation (helper I1) --
  // -- venture-philanthropy rounds (helper I2) --
  // -- purchased services and community funds (helper I3) --
  // -- volunteers (helper I4) --
}
