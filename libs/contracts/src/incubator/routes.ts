import type { Page } from '../common';
import { deadLetterRoutes } from '../ops';
import { routesOf } from '../subjects';
import type {
  CreateOrganisationRequest,
  OrganisationIdRequest,
  OrganisationListQuery,
  OrganisationView,
} from './organisations';

const r = routesOf('incubator');

/** Bus routes of the incubator service (`incubator.*`), each typed by its request and response. */
export const IncubatorRoutes = {
  organisationCreate: r<CreateOrganisationRequest, OrganisationView>('organisations.create'),
  organisationGet: r<OrganisationIdRequest, OrganisationView>('organisations.get'),
  organisationList: r<OrganisationListQuery, Page<OrganisationView>>('organisations.list'),
  // -- organisations and incubation (helper I1) --
  // -- venture-philanthropy rounds (helper I2) --
  // -- purchased services and community funds (helper I3) --
  // -- volunteers (helper I4) --
  ...deadLetterRoutes('incubator'),
};
