import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import { loadConfig, validationPipe } from '@gz/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerFrameworkErrors } from './edge/framework-errors';
import { refuseUnstorableInput } from './edge/input-guard';
import { GatewayModule } from './gateway.module';
import { openApiDocument } from './http/openapi';
import { PhotoConfig } from './http/ticketing/photos/photo-config';

/**
 * What makes a Nest app the gateway, applied the same way by the gateway app, standalone mode
 * and the tests: validation, problem+json for every error (Fastify's and Node's own included),
 * input PostgreSQL cannot store refused, request ids, access logs, OpenAPI.
 */
export async function configureGateway(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Photo uploads: one file per request, at most PHOTO_MAX_BYTES.
  const photos = loadConfig(PhotoConfig, process.env);
  await app.register(multipart as never, { limits: { files: 1, fields: 10, fileSize: photos.PHOTO_MAX_BYTES } });

  app.useGlobalPipes(validationPipe());
  answerFrameworkErrors(fastify);
  refuseUnstorableInput(fastify);

  const access = new Logger('HTTP');
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    void reply.header('x-request-id', String(request.id));
    return payload;
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const line = {
      requestId: String(request.id),
      method: request.method,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (reply.statusCode >= 500) access.error(line);
    else if (reply.statusCode >= 400) access.warn(line);
    else access.debug?.(line);
  });

  const document = openApiDocument(app, GatewayModule);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
    customSiteTitle: 'Gongzhi API',
  });
}
