import type { Type } from '@nestjs/common';
import { EvaluationExportsController } from './exports.controller';
import { IndicatorsController } from './indicators.controller';
import { EvaluationInputsController } from './inputs.controller';
import { SchemesController } from './schemes.controller';
import { ScorecardsController } from './scorecards.controller';

/** HTTP controllers of evaluation (libs/evaluation behind the bus). */
export const evaluationControllers: Type[] = [
  IndicatorsController,
  SchemesController,
  ScorecardsController,
  EvaluationInputsController,
  EvaluationExportsController,
];
