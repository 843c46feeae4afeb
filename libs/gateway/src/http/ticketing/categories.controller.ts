import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CategoryQuery, CategoryView, CreateCategoryRequest, TicketingRoutes, type Actor } from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';

/** The ticket category catalogue. */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller('api/v1/ticket-categories')
export class TicketCategoriesController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({
    summary: 'The category catalogue: national component (部件) and event (事件) classes, and your district’s own',
  })
  @ApiOkResponse({ type: [CategoryView] })
  list(@Query() query: CategoryQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.categoryList, 'all', query, { actor });
  }

  @Post()
  @ApiOperation({ summary: 'Add a district category (district admins)' })
  @ApiCreatedResponse({ type: CategoryView })
  create(@Body() body: CreateCategoryRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.categoryCreate, 'all', body, { actor });
  }
}
