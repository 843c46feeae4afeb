import type { OrgDocumentKind, OrgLegalStatus } from '@gz/contracts';

/** How far an organisation stands with the civil-affairs bureau: an informal group, filed (备案), registered (登记). */
const RANK: Readonly<Record<OrgLegalStatus, number>> = { informal: 0, filed: 1, registered: 2 };

/**
 * The statuses an organisation may change to: only up (informal → filed → registered; an informal
 * group may register straight away). Going back down (a revoked registration) is not a change
 * of status on the roll.
 */
export function statusChangesFrom(from: OrgLegalStatus): OrgLegalStatus[] {
  return (Object.keys(RANK) as OrgLegalStatus[]).filter((s) => RANK[s] > RANK[from]);
}

/** The document a change to `to` rests on, unless told otherwise. */
export function statusDocumentKind(to: OrgLegalStatus): OrgDocumentKind {
  return to === 'registered' ? 'registration_certificate' : 'filing_receipt';
}
