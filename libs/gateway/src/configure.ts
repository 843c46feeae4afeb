import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import { loadConfig, validationPipe } from '@gz/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PhotoConfig } from './http/ticketing/photos/photo-config';

/**
 * What makes a Nest app the gateway, applied the same way by the gateway app, standalone mode
 * and the tests: validation, problem+json for every error, request ids, access logs, OpenAPI.
 */
export async function configureGateway(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Photo uploads: one file per request, at most PHOTO_MAX_BYTES.
  const photos = loadConfig(PhotoConfig, process.env);
  await app.register(multipart as never, { limits: { files: 1, fields: 10, fileSize: photos.PHOTO_MAX_BYTES } });

  app.useGlobalPipes(validationPipe());

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
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
    customSiteTitle: 'Gongzhi API',
  });
}
