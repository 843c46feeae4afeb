import { createHash } from 'node:crypto';
import {
  Controller,
  Get,
  Param,
  type OnModuleDestroy,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { PhotoRef, TicketingRoutes, type Actor } from '@gz/contracts';
import { BusClient, invalid, loadConfig, newId, notFound, unprocessable } from '@gz/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor } from '../../auth/auth';
import { PhotoConfig } from './photos/photo-config';
import type { PhotoStore } from './photos/photo-store';
import { createPhotoStore } from './photos/photo-stores';
import { isPhotoType, sniffImage } from './photos/image-type';
import { streetOf } from '../street';

/**
 * Photos of tickets. The gateway stores the bytes through the photo store (files under PHOTO_DIR,
 * or an S3-compatible bucket with PHOTO_STORE=s3) and registers who uploaded what with the
 * ticketing service, which also decides who may read a photo: its uploader and whoever can see a
 * ticket that lists it. Bytes never cross the bus.
 */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller('api/v1/photos')
export class PhotosController implements OnModuleDestroy {
  // read when the app is built, so a bad or missing PHOTO_* setting stops the start
  private readonly config = loadConfig(PhotoConfig, process.env);
  private readonly store: PhotoStore = createPhotoStore(this.config);

  constructor(private readonly bus: BusClient) {}

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  @Post()
  @ApiOperation({
    summary: 'Upload a photo (multipart/form-data, field `file`): JPEG, PNG or WebP, known by its bytes',
    description:
      'Answers a reference to put in the `photos` of a report, handle or check step. The size limit is PHOTO_MAX_BYTES (5 MiB by default).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
  })
  @ApiCreatedResponse({ type: PhotoRef })
  async upload(@Req() req: FastifyRequest, @CurrentActor() actor: Actor): Promise<PhotoRef> {
    // @fastify/multipart (registered by configureGateway) enforces PHOTO_MAX_BYTES: over it is 413.
    if (!req.isMultipart())
      throw invalid('Send the photo as multipart/form-data with a part named file', { fields: { file: ['missing'] } });
    const part = await req.file();
    if (!part || part.fieldname !== 'file')
      throw invalid('Send the photo in a part named file', { fields: { file: ['missing'] } });
    const file = { data: await part.toBuffer(), contentType: part.mimetype };
    if (file.data.length === 0) throw invalid('Send the photo in a part named file', { fields: { file: ['missing'] } });
    const type = sniffImage(file.data);
    if (!type) throw unprocessable('Only JPEG, PNG and WebP photos are accepted', { field: 'file' });
    if (
      file.contentType &&
      file.contentType !== 'application/octet-stream' &&
      (!isPhotoType(file.contentType) || file.contentType !== type)
    )
      throw unprocessable(`The photo is ${type}, not ${file.contentType}`, { field: 'file', detected: type });

    const id = newId();
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    // ticketing checks that the caller may upload before any byte is stored
    const ref = await this.bus.request(
      TicketingRoutes.photoRegister,
      streetOf(actor),
      { id, sha256, contentType: type, size: file.data.length },
      { actor },
    );
    await this.store.put(id, file.data, type);
    return ref;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A photo’s bytes, for its uploader and whoever can see a ticket that lists it' })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  @ApiOkResponse({ description: 'the photo; ETag is its SHA-256' })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const ref = await this.bus.request(TicketingRoutes.photoAccess, streetOf(actor), { id }, { actor });
    const stream = await this.store.open(id);
    if (!stream) throw notFound('Photo', { id });
    void reply
      .header('etag', `"${ref.sha256}"`)
      .header('x-checksum-sha256', ref.sha256)
      .header('cache-control', 'private, max-age=86400, immutable')
      .header('x-content-type-options', 'nosniff');
    return new StreamableFile(stream, { type: ref.contentType, length: ref.size });
  }
}
