import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, DocumentBuilder } from '@nestjs/swagger';
import { PlatformModule } from '@gz/platform';
import { GatewayModule } from '../src';

it('doc', async () => {
  const t0 = Date.now();
  const app = await NestFactory.create<NestFastifyApplication>({ module: class X {}, imports: [PlatformModule.forRoot({ app: 'openapi', env: {} }), GatewayModule.forRoot({ env: {} })] }, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  console.log(Date.now() - t0, Object.keys(doc.paths).length, JSON.stringify(doc).length);
  await app.close();
});
