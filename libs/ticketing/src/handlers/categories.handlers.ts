import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CategoryQuery, CreateCategoryRequest, TicketingRoutes, type Actor } from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { CategoriesService } from '../services/categories.service';

/** The category catalogue. */
@Controller()
export class CategoryHandlers {
  constructor(private readonly categories: CategoriesService) {}

  @BusHandler(TicketingRoutes.categoryList)
  list(@Payload() query: CategoryQuery, @CallerActor() actor?: Actor) {
    return this.categories.list(query, actor);
  }

  @BusHandler(TicketingRoutes.categoryCreate)
  create(@Payload() req: CreateCategoryRequest, @CallerActor() actor?: Actor) {
    return this.categories.create(req, actor);
  }
}
