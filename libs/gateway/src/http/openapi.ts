import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

/**
 * The 200 answer of a paginated list, `{ items, total, page, pageSize }`, with its items' schema:
 * every list declares it, so the OpenAPI document (and a client generated from it) knows the
 * page's shape.
 */
export function ApiPageResponse(item: Type, description = 'One page of the list and the total it pages through'): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'total', 'page', 'pageSize'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          total: { type: 'integer', minimum: 0, description: 'rows in the whole list' },
          page: { type: 'integer', minimum: 1 },
          pageSize: { type: 'integer', minimum: 1 },
        },
      },
    }),
  );
}
