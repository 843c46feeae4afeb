import type { OrgLegalStatus } from '@gz/contracts';
import { districtOfPath } from '@gz/contracts';

/** What is wrong with an organisation's record, field by field (empty when nothing is). */
export function organisationProblems(o: {
  legalStatus: OrgLegalStatus;
  creditCode?: string | null;
  communityPath: string;
  communitiesServed: readonly string[];
}): Record<string, string> {
  const problems: Record<string, string> = {};
  if (o.legalStatus === 'registered' && !o.creditCode)
    problems.creditCode = 'a registered organisation (登记) has a unified social credit code';
  if (o.legalStatus !== 'registered' && o.creditCode)
    problems.creditCode = 'only a registered organisation (登记) has a unified social credit code';
  if (!o.communitiesServed.includes(o.communityPath))
    problems.communitiesServed = `the communities served include its own, ${o.communityPath}`;
  const district = districtOfPath(o.communityPath);
  const elsewhere = o.communitiesServed.find((c) => districtOfPath(c) !== district);
  if (elsewhere) problems.communitiesServed = `${elsewhere} lies outside the district ${district}`;
  return problems;
}
