import type { Type } from '@nestjs/common';
import { CompoundsController } from './compounds.controller';
import { OwnersController } from './owners.controller';
import { VotesController } from './votes.controller';

/** HTTP controllers of councils: compounds, units, the owners' roll, votes (libs/councils behind the bus). */
export const councilsControllers: Type[] = [
  // -- compounds and owners (helper C1) --
  CompoundsController,
  OwnersController,
  // -- votes (helper C2) --
  VotesController,
];
