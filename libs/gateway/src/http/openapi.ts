import { applyDecorators, type INestApplication, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, DocumentBuilder, getSchemaPath, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * The 200 answer of a paginated list, `{ items, total, page, pageSize }`, with its items' schema:
 * every list declares it, so the OpenAPI document (and a client generated from it) knows the
 * page's shape.
 */
export function ApiPageResponse(item: Type, description = 'One page of the list and the total it pages through'): MethodDecorator {
  if (item === undefined) {
    // Swagger would fail later, in createDocument, without saying where.
    return (target, key) => {
      throw new Error(`@ApiPageResponse on ${target.constructor.name}.${String(key)}: the item class is undefined (not exported, or an import cycle)`);
    };
  }
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

/**
 * The gateway's OpenAPI document, the one served at /api/openapi.json and checked in as
 * docs/openapi.json: the controllers of `module` (GatewayModule). Paths and schemas are sorted by
 * name, so moving a controller or a DTO to another file leaves the document as it was.
 */
export function openApiDocument(app: INestApplication, module: Type): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Gongzhi API')
      .setDescription(
        'The district grassroots-governance platform. Sign in at POST /api/v1/auth/login, then send ' +
          '`Authorization: Bearer <accessToken>`. Partner systems use OAuth2 client credentials at POST /api/v1/oauth/token. ' +
          'Every error is RFC 9457 application/problem+json with a `code`.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    // The HTTP API only: in standalone the services' bus handlers are controllers too, and their
    // payload classes would otherwise be listed as schemas.
    { include: [module] },
  );
  document.paths = sortedByKey(document.paths);
  if (document.components?.schemas) document.components.schemas = sortedByKey(document.components.schemas);
  return document;
}

/** The document as it is checked in: two-space JSON and a final newline. */
export function openApiJson(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
