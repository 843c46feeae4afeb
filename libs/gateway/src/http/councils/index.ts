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
  // -- compounds and owners (helper C1) --
  CompoundsController,
  OwnersController,
  // -- votes (helper C2) --
  VotesController,
  // -- joint councils and topics (helper C3) --
  TopicsController,
  // -- seven steps and meetings (helper C4) --
  DeliberationController,
  // -- assessment (helper C5) --
  AssessmentController,
  // -- resolutions and the board (helper C5) --
  ResolutionsController,
];
