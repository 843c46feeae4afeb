import type { Type } from '@nestjs/common';
import { CompoundsController } from './compounds.controller';
import { OwnersController } from './owners.controller';
import { VotesController } from './votes.controller';
import { TopicsController } from './topics.controller';
import { DeliberationController } from './deliberation.controller';
import { AssessmentController } from './assessment.controller';
import { ResolutionsController } from './resolutions.controller';

/** HTTP controllers of councils: compounds, units, the owners' roll, votes (libs/councils behind the bus). */
export const councilsControllers: Type[] = [
  // -- compounds and owners --
  CompoundsController,
  OwnersController,
  // -- votes --
  VotesController,
  // -- joint councils and topics --
  TopicsController,
  // -- seven steps and meetings --
  DeliberationController,
  // -- assessment --
  AssessmentController,
  // -- resolutions and the board --
  ResolutionsController,
];
