import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import type { PhotoType } from '@gz/contracts';
import { DomainError } from '@gz/platform';
import { checkPhotoId, PhotoStore } from './photo-store';

export interface S3PhotoStoreOptions {
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** unset: AWS S3 of the region */
  endpoint?: string;
  /** bucket in the path instead of the host name (MinIO, Ceph …) */
  forcePathStyle?: boolean;
  /** key prefix, e.g. `photos/` */
  prefix?: string;
}

/** Objects in an S3-compatible bucket, keyed `<prefix><id>`, stored with their content type. */
export class S3PhotoStore extends PhotoStore {
  private readonly logger = new Logger('PhotoStore');
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3PhotoStoreOptions) {
    super();
    this.bucket = options.bucket;
    this.prefix = options.prefix ? options.prefix.replace(/\/*$/, '/') : '';
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      // explicit keys only: never whatever the host's AWS profile or metadata service offers
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Newer SDKs add CRC checksums (aws-chunked uploads) by default, which many S3-compatible
      // stores reject; ask for them only where the API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // an unreachable store fails the request in seconds instead of hanging it
      requestHandler: { connectionTimeout: 5000, requestTimeout: 30000 },
    });
  }

  private key(id: string): string {
    return `${this.prefix}${checkPhotoId(id)}`;
  }

  async put(id: string, bytes: Buffer, contentType: PhotoType): Promise<void> {
    const Key = this.key(id);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
        }),
      );
    } catch (error) {
      throw this.unavailable('put', error);
    }
  }

  async open(id: string): Promise<Readable | undefined> {
    const Key = this.key(id);
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      if (!(Body instanceof Readable)) throw new Error('the S3 client answered without a Node stream');
      return Body;
    } catch (error) {
      if (isMissingKey(error)) return undefined;
      throw this.unavailable('get', error);
    }
  }

  async remove(id: string): Promise<void> {
    const Key = this.key(id);
    try {
      // deleting a missing key succeeds in S3, as in the filesystem store
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (error) {
      throw this.unavailable('delete', error);
    }
  }

  override async close(): Promise<void> {
    this.client.destroy();
  }

  /** Any store failure (down, wrong bucket or keys) is 503 to the caller; the cause goes to the log. */
  private unavailable(action: string, error: unknown): DomainError {
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error({ msg: `S3 ${action} failed`, bucket: this.bucket, error: name, status, message });
    return new DomainError('unavailable', 'The photo store is unavailable');
  }
}

// NoSuchBucket is a 404 too, but a configuration fault: not "no such photo".
function isMissingKey(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || (error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket');
}
