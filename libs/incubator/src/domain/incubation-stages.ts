import type { IncubationStage, LeaveReason, OrgLegalStatus } from '@gz/contracts';

/**
 * The stages of an incubation as a state machine: applied → admitted → incubating → assessed →
 * graduated, one step at a time, never back; `left` from any stage before graduating. Graduated
 * and left are final.
 */
const NEXT: Readonly<Record<IncubationStage, IncubationStage | null>> = {
  applied: 'admitted',
  admitted: 'incubating',
  incubating: 'assessed',
  assessed: 'graduated',
  graduated: null,
  left: null,
};

export const isFinished = (stage: IncubationStage): boolean => NEXT[stage] === null;

/** Where an incubation in `from` may go next (nothing once it graduated or left). */
export function allowedNextStages(from: IncubationStage): IncubationStage[] {
  const next = NEXT[from];
  return next === null ? [] : [next, 'left'];
}

export function mayMove(from: IncubationStage, to: IncubationStage): boolean {
  return allowedNextStages(from).includes(to);
}

/** Stages in which the incubation is under way (mentoring and assessments are recorded then). */
export const UNDER_WAY: readonly IncubationStage[] = ['admitted', 'incubating', 'assessed'];

/** A move the machine allows, with what the rules ask of it. */
export interface StageMove {
  from: IncubationStage;
  to: IncubationStage;
  legalStatus: OrgLegalStatus;
  reason?: LeaveReason;
  note?: string;
  /** capacity assessments of this incubation with their scores in */
  submittedAssessments: number;
}

/** What keeps an allowed move from being made (field and why), or null when nothing does. */
export function stageMoveProblem(m: StageMove): { field: string; message: string } | null {
  if (m.to === 'left') {
    if (!m.reason) return { field: 'reason', message: 'leaving incubation needs a reason' };
    if (m.reason === 'other' && !m.note?.trim()) return { field: 'note', message: 'the reason other needs a note' };
    if (m.reason === 'not_admitted' && m.from !== 'applied')
      return { field: 'reason', message: 'not_admitted is the first review declining an application' };
    return null;
  }
  if (m.reason) return { field: 'reason', message: 'a reason is given only when leaving' };
  if (m.to === 'assessed' && m.submittedAssessments === 0)
    return { field: 'stage', message: 'an incubation is assessed once a capacity assessment has been submitted' };
  if (m.to === 'graduated' && m.legalStatus === 'informal')
    return {
      field: 'legalStatus',
      message: 'an informal group must be filed (备案) or registered (登记) before it can graduate',
    };
  return null;
}
