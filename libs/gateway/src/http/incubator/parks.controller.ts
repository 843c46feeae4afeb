import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApplyForIncubationRequest,
  CreateParkRequest,
  IncubationView,
  IncubatorRoutes,
  ParkListQuery,
  ParkView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

/** Incubation parks (孵化园, 孵化基地) and applications to them. */
@ApiTags('incubator: incubation')
@ApiBearerAuth()
@Controller('api/v1/incubator/parks')
export class ParksController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({ summary: "Open an incubation park of a street or a community (the place's keepers)" })
  @ApiCreatedResponse({ type: ParkView })
  create(@Body() body: CreateParkRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.parkCreate, actor, body, body.path);
  }

  @Get()
  @ApiOperation({ summary: 'Parks of your streets, with their active incubations and overdue first reviews' })
  @ApiPageResponse(ParkView)
  list(@Query() query: ParkListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.parkList, actor, query, query.within);
  }

  @Get(':id')
  @ApiOkResponse({ type: ParkView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.parkGet, actor, { id });
  }

  @Post(':id/incubations')
  @ApiOperation({
    summary:
      "An organisation of the park's street applies (its staff, its keepers, the park's); the first review is due within 5 working days",
  })
  @ApiCreatedResponse({ type: IncubationView })
  apply(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ApplyForIncubationRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.incubationApply, actor, { ...body, parkId: id });
  }
}
