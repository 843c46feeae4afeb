import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** s3rver's built-in key pair (it checks the key id, not SigV4 signatures). */
export const S3RVER_KEY = 'S3RVER';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** a plain SDK client on the server, to look at the bucket behind the store's back */
  client: S3Client;
  /** the object's bytes and content type, or undefined when there is no such key */
  read(key: string): Promise<{ bytes: Buffer; contentType?: string } | undefined>;
  /** PHOTO_* variables that point the gateway at this bucket */
  env(prefix?: string): Record<string, string>;
  stop(): Promise<void>;
}

/** An S3-compatible server (s3rver) on 127.0.0.1, a free port, a temp directory, and one bucket made through the SDK. */
export async function startTestS3(bucket = 'gz-photos'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'gz-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    bucket,
    client,
    async read(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { bytes: Buffer.from(await out.Body!.transformToByteArray()), contentType: out.ContentType };
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    env: (prefix) => ({
      PHOTO_STORE: 's3',
      PHOTO_S3_ENDPOINT: endpoint,
      PHOTO_S3_BUCKET: bucket,
      PHOTO_S3_ACCESS_KEY_ID: S3RVER_KEY,
      PHOTO_S3_SECRET_ACCESS_KEY: S3RVER_KEY,
      PHOTO_S3_FORCE_PATH_STYLE: 'true',
      ...(prefix ? { PHOTO_S3_PREFIX: prefix } : {}),
    }),
    async stop() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
