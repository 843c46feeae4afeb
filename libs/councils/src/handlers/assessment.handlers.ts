import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AssessmentWeightsCommand,
  CompanyScoreRequest,
  CouncilsRoutes,
  DistrictRequest,
  RatePropertyCompanyCommand,
  ReportFeeRateCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { AssessmentService } from '../services/assessment.service';

/** Property-company assessment: ratings, the fee collection rate, the district's weights, the score. */
@Controller()
export class AssessmentHandlers {
  constructor(private readonly assessment: AssessmentService) {}

  @BusHandler(CouncilsRoutes.propertyRate)
  rate(@Payload() cmd: RatePropertyCompanyCommand, @CallerActor() actor?: Actor) {
    return this.assessment.rate(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.feeRateReport)
  reportFees(@Payload() cmd: ReportFeeRateCommand, @CallerActor() actor?: Actor) {
    return this.assessment.reportFees(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.assessmentWeightsGet)
  getWeights(@Payload() req: DistrictRequest, @CallerActor() actor?: Actor) {
    return this.assessment.getWeights(req, actor);
  }

  @BusHandler(CouncilsRoutes.assessmentWeightsSet)
  setWeights(@Payload() cmd: AssessmentWeightsCommand, @CallerActor() actor?: Actor) {
    return this.assessment.setWeights(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.companyScore)
  score(@Payload() req: CompanyScoreRequest, @CallerActor() actor?: Actor) {
    return this.assessment.score(req, actor);
  }
}
