import type { Type } from '@nestjs/common';

/** HTTP controllers of the household registry (libs/registry behind the bus). */
export const registryControllers: Type[] = [];
