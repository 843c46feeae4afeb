import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ASSESSMENT_PERIOD,
  AssessmentWeightsRequest,
  AssessmentWeightsView,
  CompanyScoreView,
  CouncilsRoutes,
  FeeRateView,
  ORG_PATH,
  PropertyRatingView,
  RatePropertyCompanyRequest,
  ReportFeeRateRequest,
  type Actor,
} from '@gz/contracts';
import { BusClient, invalid } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { streetOf } from '../street';

const DISTRICT = /^[a-z][a-z0-9_-]{0,31}$/;

function checked(value: string, pattern: RegExp, field: string): string {
  if (!pattern.test(value)) throw invalid(`${field} is not valid`, { fields: { [field]: ['invalid'] } });
  return value;
}

/** Property-company assessment (物业考评): ratings by residents and the council, the fee collection rate, the score. */
@ApiTags('councils')
@ApiBearerAuth()
@Controller('api/v1/councils')
export class AssessmentController {
  constructor(private readonly bus: BusClient) {}

  @Post('compounds/:compoundId/property-ratings')
  @ApiOperation({
    summary: "Rate the compound's property company for a quarter (an owner of the compound, or the owners' committee)",
    description: 'Five aspects, 1–5 each. One rating per resident per quarter, one by the council; a second is 409.',
  })
  @ApiCreatedResponse({ type: PropertyRatingView })
  rate(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Body() body: RatePropertyCompanyRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.propertyRate, streetOf(actor), { ...body, compoundId }, { actor });
  }

  @Post('compounds/:compoundId/fee-rates')
  @ApiOperation({
    summary: 'Report the property fees due and collected in a quarter, in fen (the company, the community secretary)',
    description: 'A second report of the same quarter replaces the first.',
  })
  @ApiCreatedResponse({ type: FeeRateView })
  reportFees(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Body() body: ReportFeeRateRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.feeRateReport, streetOf(actor), { ...body, compoundId }, { actor });
  }

  @Get('districts/:district/assessment-weights')
  @ApiOperation({ summary: "The district's weights of the property-company score (the defaults when it set none)" })
  @ApiOkResponse({ type: AssessmentWeightsView })
  weights(@Param('district') district: string, @CurrentActor() actor: Actor) {
    return this.bus.request(
      CouncilsRoutes.assessmentWeightsGet,
      streetOf(actor),
      { district: checked(district, DISTRICT, 'district') },
      { actor },
    );
  }

  @Put('districts/:district/assessment-weights')
  @ApiOperation({ summary: "Set the district's weights of the property-company score (district admin)" })
  @ApiOkResponse({ type: AssessmentWeightsView })
  setWeights(
    @Param('district') district: string,
    @Body() body: AssessmentWeightsRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(
      CouncilsRoutes.assessmentWeightsSet,
      streetOf(actor),
      { ...body, district: checked(district, DISTRICT, 'district') },
      { actor },
    );
  }

  @Get('property-companies/:path/scores/:period')
  @ApiOperation({
    summary:
      "A property company's score for a quarter, 0–100, each part explained (street and district admins, the company)",
    description:
      "The weighted mean of the residents' ratings, the council's ratings (each (mean − 1) / 4 over the weighted aspects) " +
      'and the fee collection rate; a part without data gives its weight to the others.',
  })
  @ApiOkResponse({ type: CompanyScoreView })
  score(@Param('path') path: string, @Param('period') period: string, @CurrentActor() actor: Actor) {
    return this.bus.request(
      CouncilsRoutes.companyScore,
      streetOf(actor),
      { propertyCompanyPath: checked(path, ORG_PATH, 'path'), period: checked(period, ASSESSMENT_PERIOD, 'period') },
      { actor },
    );
  }
}
