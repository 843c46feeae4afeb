import { deadLetterRoutes } from '../ops';
import type { Route } from '../subjects';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- until each route names its types
const r = (action: string): Route<any, any> => ({ service: 'registry', action });

/** Requests the household registry answers. */
export const RegistryRoutes = {
  buildingCreate: r('buildings.create'),
  buildingList: r('buildings.list'),
  buildingGet: r('buildings.get'),
  buildingUpdate: r('buildings.update'),
  householdCreate: r('households.create'),
  householdList: r('households.list'),
  householdGet: r('households.get'),
  householdUpdate: r('households.update'),
  personCreate: r('persons.create'),
  personSearch: r('persons.search'),
  personGet: r('persons.get'),
  personUpdate: r('persons.update'),
  personReveal: r('persons.reveal'),
  personMoveIn: r('persons.move-in'),
  personMoveOut: r('persons.move-out'),
  personResidences: r('persons.residences'),
  personChanges: r('persons.changes'),
  personTagAdd: r('persons.tags.add'),
  personTagRemove: r('persons.tags.remove'),
  piiAccessList: r('pii-access.list'),
  visitPlanUpsert: r('visits.plans.upsert'),
  visitPlanList: r('visits.plans.list'),
  visitRecord: r('visits.record'),
  visitList: r('visits.list'),
  visitCoverage: r('visits.coverage'),
  visitUnvisited: r('visits.unvisited'),
  rentalRegister: r('rentals.register'),
  rentalGet: r('rentals.get'),
  rentalList: r('rentals.list'),
  rentalRedList: r('rentals.red-list'),
  rentalGrade: r('rentals.grade'),
  rentalGrades: r('rentals.grades'),
  statistics: r('statistics'),
  sensitiveFieldsGet: r('sensitive-fields.get'),
  sensitiveFieldsSet: r('sensitive-fields.set'),
  changeRequestList: r('change-requests.list'),
  changeRequestGet: r('change-requests.get'),
  changeRequestApprove: r('change-requests.approve'),
  changeRequestReject: r('change-requests.reject'),
  ...deadLetterRoutes('registry'),
} as const;
