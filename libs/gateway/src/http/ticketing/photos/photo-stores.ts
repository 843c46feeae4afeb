import type { PhotoConfig } from './photo-config';
import { FsPhotoStore, type PhotoStore } from './photo-store';

/** The photo store PHOTO_STORE names: files under PHOTO_DIR (default) or an S3-compatible bucket. */
export function createPhotoStore(config: PhotoConfig): PhotoStore {
  if (config.PHOTO_STORE === 'fs') return new FsPhotoStore(config.PHOTO_DIR);
  // loaded only when chosen: the AWS SDK adds ~150 ms to every start otherwise
  const { S3PhotoStore } = require('./s3-photo-store') as typeof import('./s3-photo-store');
  // PhotoConfig has checked that these are set when PHOTO_STORE=s3
  return new S3PhotoStore({
    bucket: config.PHOTO_S3_BUCKET!,
    region: config.PHOTO_S3_REGION,
    accessKeyId: config.PHOTO_S3_ACCESS_KEY_ID!,
    secretAccessKey: config.PHOTO_S3_SECRET_ACCESS_KEY!,
    endpoint: config.PHOTO_S3_ENDPOINT,
    forcePathStyle: config.PHOTO_S3_FORCE_PATH_STYLE,
    prefix: config.PHOTO_S3_PREFIX,
  });
}
