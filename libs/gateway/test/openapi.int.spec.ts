import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { PlatformModule } from '@gz/platform';
import { bootTestApp, testBusRoot } from '@gz/testing';
import request from 'supertest';
import { configureGateway } from '../src/configure';
import { buildOpenApiDocument } from '../src/edge/openapi-app';
import { GatewayModule } from '../src/gateway.module';
import { openApiJson } from '../src/http/openapi';

const CHECKED_IN = path.resolve(__dirname, '../../../docs/openapi.json');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

function operations(document: OpenAPIObject): Array<{ name: string; method: string; operation: OperationObject }> {
  return Object.entries(document.paths).flatMap(([route, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      name: `${m.toUpperCase()} ${route}`,
      method: m,
      operation: item[m]!,
    })),
  );
}

function resolved(
  document: OpenAPIObject,
  schema: SchemaObject | ReferenceObject | undefined,
): SchemaObject | undefined {
  if (!schema || !('$ref' in schema)) return schema;
  return resolved(document, document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
}

/** Every property a schema declares, its `allOf` parts' included. */
function properties(document: OpenAPIObject, schema: SchemaObject | ReferenceObject | undefined): string[] {
  const s = resolved(document, schema);
  if (!s) return [];
  return [...Object.keys(s.properties ?? {}), ...(s.allOf ?? []).flatMap((part) => properties(document, part))];
}

/** The first line where two texts differ, to point at in the failure. */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  const at = a.findIndex((line, i) => line !== e[i]);
  const line = at < 0 ? a.length : at;
  return `line ${line + 1}: the code has ${JSON.stringify(a[line] ?? '(end)')}, docs/openapi.json ${JSON.stringify(e[line] ?? '(end)')}`;
}

describe('the OpenAPI document', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await buildOpenApiDocument();
  });

  it('is the one checked in as docs/openapi.json', () => {
    const built = openApiJson(document);
    const checkedIn = existsSync(CHECKED_IN) ? readFileSync(CHECKED_IN, 'utf8') : '';
    if (built !== checkedIn) {
      throw new Error(
        `docs/openapi.json is not the document the code describes: run npm run openapi, and review the difference (${firstDifference(built, checkedIn)})`,
      );
    }
  });

  it('is the one the gateway serves at /api/openapi.json', async () => {
    const env = { NODE_ENV: 'test', BUS_ROOT: testBusRoot() };
    const app = await bootTestApp(
      { imports: [PlatformModule.forRoot({ app: 'gateway', env }), GatewayModule.forRoot({ env })] },
      { configure: configureGateway },
    );
    try {
      const served = await request(app.getHttpServer()).get('/api/openapi.json').expect(200);
      expect(served.body).toEqual(JSON.parse(openApiJson(document)));
    } finally {
      await app.close();
    }
  });

  it('declares the page it answers, { items, total, page, pageSize }, on every paginated list', () => {
    const lacking = operations(document)
      .filter(
        ({ method, operation }) =>
          method === 'get' &&
          (operation.parameters ?? []).some((p) => ['page', 'pageSize'].includes((p as ParameterObject).name)),
      )
      .filter(({ operation }) => {
        const ok = operation.responses['200'] as
          { content?: Record<string, { schema?: SchemaObject | ReferenceObject }> } | undefined;
        const declared = properties(document, ok?.content?.['application/json']?.schema);
        return !['items', 'total', 'page', 'pageSize'].every((p) => declared.includes(p));
      })
      .map(({ name }) => name);
    expect(lacking).toEqual([]);
  });

  it('types no query parameter as an object unless it is sent as one', () => {
    const objects = operations(document).flatMap(({ name, operation }) =>
      (operation.parameters ?? [])
        .map((p) => p as ParameterObject)
        .filter((p) => p.in === 'query' && p.style !== 'deepObject' && resolved(document, p.schema)?.type === 'object')
        .map((p) => `${name} ?${p.name}`),
    );
    expect(objects).toEqual([]);
  });
});
