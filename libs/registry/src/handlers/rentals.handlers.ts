import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  GradeRentalCommand,
  RegisterRentalRequest,
  RegistryIdRequest,
  RegistryRoutes,
  RentalListQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { RentalGradesService } from '../services/rental-grades.service';
import { RentalsService } from '../services/rentals.service';

/** Rental houses and their grading. */
@Controller()
export class RentalsHandlers {
  constructor(
    private readonly rentals: RentalsService,
    private readonly grading: RentalGradesService,
  ) {}

  @BusHandler(RegistryRoutes.rentalRegister)
  register(@Payload() req: RegisterRentalRequest, @CallerActor() actor?: Actor) {
    return this.rentals.register(req, actor);
  }

  @BusHandler(RegistryRoutes.rentalGet)
  get(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.rentals.get(req, actor);
  }

  @BusHandler(RegistryRoutes.rentalList)
  list(@Payload() query: RentalListQuery, @CallerActor() actor?: Actor) {
    return this.rentals.list(query, actor);
  }

  @BusHandler(RegistryRoutes.rentalRedList)
  redList(@Payload() query: RentalListQuery, @CallerActor() actor?: Actor) {
    return this.rentals.redList(query, actor);
  }

  @BusHandler(RegistryRoutes.rentalGrade)
  grade(@Payload() cmd: GradeRentalCommand, @CallerActor() actor?: Actor) {
    return this.grading.grade(cmd, actor);
  }

  @BusHandler(RegistryRoutes.rentalGrades)
  grades(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.grading.grades(req, actor);
  }
}
