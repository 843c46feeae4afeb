import type { Page } from '../common';
import { deadLetterRoutes } from '../ops';
import { routesOf } from '../subjects';
import type {
  CompoundIdRequest,
  CompoundListQuery,
  CompoundView,
  CreateCompoundRequest,
  CreateCompoundBuildingCommand,
  CompoundBuildingView,
  CreateUnitCommand,
  UnitListQuery,
  UnitView,
} from './compounds';
import type {
  CreateOwnerCommand,
  IssueLinkCodeCommand,
  LinkCodeView,
  LinkOwnerCommand,
  MyOwnershipsView,
  OwnerChangeView,
  OwnerIdRequest,
  OwnerListQuery,
  OwnerPhoneView,
  OwnerPiiAccessEntry,
  OwnerPiiAccessQuery,
  OwnerRollImportCommand,
  OwnerRollImportReport,
  OwnerView,
  RedeemLinkCodeCommand,
  RevealOwnerPhoneCommand,
  UpdateOwnerCommand,
} from './owners';
import type { EmptyRequest } from '../common';
import type {
  AssignConvenorCommand,
  BallotView,
  CastBallotCommand,
  ConvenorView,
  CorrectBallotCommand,
  CreateVoteCommand,
  NonVoterCommand,
  NonVoterView,
  VoteIdRequest,
  VoteListCommand,
  VoteTallyView,
  VoteView,
} from './votes';

const r = routesOf('councils');

/** Requests the councils service answers (street token: the compound's street, or `all`). */
export const CouncilsRoutes = {
  // compounds, buildings and units (专有部分)
  compoundCreate: r<CreateCompoundRequest, CompoundView>('compounds.create'),
  compoundList: r<CompoundListQuery, Page<CompoundView>>('compounds.list'),
  compoundGet: r<CompoundIdRequest, CompoundView>('compounds.get'),
  buildingCreate: r<CreateCompoundBuildingCommand, CompoundBuildingView>('buildings.create'),
  unitCreate: r<CreateUnitCommand, UnitView>('units.create'),
  unitList: r<UnitListQuery, Page<UnitView>>('units.list'),
  // owners' roll
  ownerCreate: r<CreateOwnerCommand, OwnerView>('owners.create'),
  ownerList: r<OwnerListQuery, Page<OwnerView>>('owners.list'),
  ownerGet: r<OwnerIdRequest, OwnerView>('owners.get'),
  ownerUpdate: r<UpdateOwnerCommand, OwnerView>('owners.update'),
  ownerChanges: r<OwnerIdRequest, OwnerChangeView[]>('owners.changes'),
  ownerReveal: r<RevealOwnerPhoneCommand, OwnerPhoneView>('owners.reveal'),
  ownerLink: r<LinkOwnerCommand, OwnerView>('owners.link'),
  ownerLinkCode: r<IssueLinkCodeCommand, LinkCodeView>('owners.link-code'),
  ownerRedeem: r<RedeemLinkCodeCommand, OwnerView>('owners.redeem'),
  ownerRollImport: r<OwnerRollImportCommand, OwnerRollImportReport>('owners.import'),
  mine: r<EmptyRequest, MyOwnershipsView>('owners.mine'),
  piiAccess: r<OwnerPiiAccessQuery, Page<OwnerPiiAccessEntry>>('owners.pii-access'),
  // -- votes (helper C2) --
  convenorAssign: r<AssignConvenorCommand, ConvenorView>('convenors.assign'),
  voteCreate: r<CreateVoteCommand, VoteView>('votes.create'),
  voteList: r<VoteListCommand, Page<VoteView>>('votes.list'),
  voteGet: r<VoteIdRequest, VoteView>('votes.get'),
  voteTally: r<VoteIdRequest, VoteTallyView>('votes.tally'),
  voteNonVoters: r<NonVoterCommand, Page<NonVoterView>>('votes.non-voters'),
  ballotCast: r<CastBallotCommand, BallotView>('ballots.cast'),
  ballotCorrect: r<CorrectBallotCommand, BallotView>('ballots.correct'),
  ...deadLetterRoutes('councils'),
} as const;
