import { communityOfPath, districtOfPath, streetOfPath, type TicketLocation } from '@gz/contracts';
import { unprocessable } from '@gz/platform';

/** Rules of a new report (采集上报). Pure. */

/** The street and district a report's location is in: a place within a street, and a point only with both coordinates. */
export function placeOfReport(location: TicketLocation): { street: string; district: string } {
  if ((location.lat == null) !== (location.lng == null))
    throw unprocessable('Send both lat and lng, or neither', { field: 'location' });
  const street = streetOfPath(location.gridPath);
  if (street === 'all' || communityOfPath(location.gridPath) === undefined)
    throw unprocessable('A ticket belongs to a place within a street: send the grid path, e.g. d01.s01.c01.g01', {
      field: 'location.gridPath',
    });
  return { street, district: districtOfPath(location.gridPath) };
}

/** A category serves a district when it is national or the district's own. */
export function categoryServes(category: { district: string | null }, district: string): boolean {
  return category.district === null || category.district === district;
}

/**
 * 核实后上报: a verified report opens at once, unless it may repeat an open ticket nearby; then it
 * stays reported, and the verifier merges it or opens it, having seen the candidates.
 */
export function opensOnReport(verified: boolean | undefined, possibleDuplicates: number): boolean {
  return verified === true && possibleDuplicates === 0;
}
