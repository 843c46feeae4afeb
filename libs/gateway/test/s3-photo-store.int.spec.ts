import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { DomainError, loadConfig } from '@gz/platform';
import { PhotoConfig } from '../src/http/ticketing/photos/photo-config';
import type { PhotoStore } from '../src/http/ticketing/photos/photo-store';
import { createPhotoStore } from '../src/http/ticketing/photos/photo-stores';
import { S3PhotoStore } from '../src/http/ticketing/photos/s3-photo-store';
import { S3RVER_KEY, startTestS3, type TestS3 } from './s3-server';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(3000, 9)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 4)]);
// s3rver checks the key id only, so any secret signs; this one must never reach a log line
const SECRET = 'do-not-log-this-secret-0123456789';

async function bytesOf(stream: Readable | undefined): Promise<Buffer | undefined> {
  if (!stream) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('the S3 photo store against an S3-compatible server (s3rver)', () => {
  let s3: TestS3;
  let store: PhotoStore;
  const others: PhotoStore[] = [];
  const logged: unknown[] = [];

  beforeAll(async () => {
    s3 = await startTestS3();
    // the store as the gateway makes it: from PHOTO_* variables
    store = createPhotoStore(
      loadConfig(PhotoConfig, { ...s3.env('tickets/photos/'), PHOTO_S3_SECRET_ACCESS_KEY: SECRET }),
    );
    jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    for (const s of [store, ...others]) await s?.close();
    await s3?.stop();
  });

  it('is chosen by PHOTO_STORE=s3', () => {
    expect(store).toBeInstanceOf(S3PhotoStore);
  });

  it('stores a photo under the prefix with its content type and gives back the same bytes', async () => {
    const id = randomUUID();
    await store.put(id, PNG, 'image/png');

    const object = await s3.read(`tickets/photos/${id}`);
    expect(object?.contentType).toBe('image/png');
    expect(object?.bytes.equals(PNG)).toBe(true);
    expect((await bytesOf(await store.open(id)))?.equals(PNG)).toBe(true);

    const jpeg = randomUUID();
    await store.put(jpeg, JPEG, 'image/jpeg');
    expect((await s3.read(`tickets/photos/${jpeg}`))?.contentType).toBe('image/jpeg');
  });

  it('answers undefined for a photo it does not have, and forgets a removed one', async () => {
    expect(await store.open(randomUUID())).toBeUndefined();

    const id = randomUUID();
    await store.put(id, JPEG, 'image/jpeg');
    await store.remove(id);
    expect(await store.open(id)).toBeUndefined();
    expect(await s3.read(`tickets/photos/${id}`)).toBeUndefined();
    // removing twice is harmless, as with files
    await expect(store.remove(id)).resolves.toBeUndefined();
  });

  it('refuses anything but a photo id as a key, before asking the server', async () => {
    for (const bad of ['../etc/passwd', 'a/b', `${randomUUID()}/../x`, ''])
      await expect(store.put(bad, PNG, 'image/png')).rejects.toThrow('Not a photo id');
    await expect(store.open('..')).rejects.toThrow('Not a photo id');
  });

  it('reports a missing bucket or unknown keys as the store being unavailable, not as a missing photo', async () => {
    const noBucket = new S3PhotoStore({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      bucket: 'no-such-bucket',
      accessKeyId: S3RVER_KEY,
      secretAccessKey: SECRET,
      forcePathStyle: true,
    });
    const wrongKey = new S3PhotoStore({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      bucket: s3.bucket,
      accessKeyId: 'NOT-A-KEY',
      secretAccessKey: SECRET,
      forcePathStyle: true,
    });
    others.push(noBucket, wrongKey);
    const unavailable = expect.objectContaining({ code: 'unavailable' });

    const open = noBucket.open(randomUUID());
    await expect(open).rejects.toBeInstanceOf(DomainError);
    await expect(open).rejects.toEqual(unavailable);
    await expect(noBucket.put(randomUUID(), PNG, 'image/png')).rejects.toEqual(unavailable);
    await expect(wrongKey.put(randomUUID(), PNG, 'image/png')).rejects.toEqual(unavailable);
    await expect(wrongKey.open(randomUUID())).rejects.toEqual(unavailable);

    // the cause is logged for operators, the secret never is
    expect(logged.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(logged)).toContain('NoSuchBucket');
    expect(JSON.stringify(logged)).toContain('InvalidAccessKeyId');
    expect(JSON.stringify(logged)).not.toContain(SECRET);
  });
});
