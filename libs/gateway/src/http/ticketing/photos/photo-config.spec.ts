import { ConfigError, loadConfig } from '@gz/platform';
import { PhotoConfig } from './photo-config';
import { FsPhotoStore } from './photo-store';
import { createPhotoStore } from './photo-stores';

const S3 = {
  PHOTO_STORE: 's3',
  PHOTO_S3_BUCKET: 'gz-photos',
  PHOTO_S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  PHOTO_S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI-secret',
};

function problems(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(PhotoConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('photo store configuration', () => {
  it('keeps photos as files under .data/photos unless told otherwise', () => {
    const config = loadConfig(PhotoConfig, {});
    expect(config).toMatchObject({
      PHOTO_STORE: 'fs',
      PHOTO_DIR: '.data/photos',
      PHOTO_S3_REGION: 'us-east-1',
      PHOTO_S3_FORCE_PATH_STYLE: false,
    });
    expect(createPhotoStore(config)).toBeInstanceOf(FsPhotoStore);
  });

  it('reads the S3 settings', () => {
    const config = loadConfig(PhotoConfig, {
      ...S3,
      PHOTO_S3_ENDPOINT: 'http://minio:9000',
      PHOTO_S3_REGION: 'cn-north-1',
      PHOTO_S3_FORCE_PATH_STYLE: 'true',
      PHOTO_S3_PREFIX: 'photos/',
    });
    expect(config).toMatchObject({
      PHOTO_STORE: 's3',
      PHOTO_S3_ENDPOINT: 'http://minio:9000',
      PHOTO_S3_REGION: 'cn-north-1',
      PHOTO_S3_FORCE_PATH_STYLE: true,
      PHOTO_S3_PREFIX: 'photos/',
    });
    expect(loadConfig(PhotoConfig, { ...S3, PHOTO_S3_FORCE_PATH_STYLE: '0' }).PHOTO_S3_FORCE_PATH_STYLE).toBe(false);
  });

  it('with PHOTO_STORE=s3, names each missing bucket or key setting', () => {
    const message = problems({ PHOTO_STORE: 's3' });
    expect(message).toContain('PHOTO_S3_BUCKET is not set');
    expect(message).toContain(
      'PHOTO_S3_ACCESS_KEY_ID is not set: PHOTO_S3_ACCESS_KEY_ID is required when PHOTO_STORE=s3',
    );
    expect(message).toContain(
      'PHOTO_S3_SECRET_ACCESS_KEY is not set: PHOTO_S3_SECRET_ACCESS_KEY is required when PHOTO_STORE=s3',
    );
    expect(problems({ ...S3, PHOTO_S3_SECRET_ACCESS_KEY: '' })).toContain('PHOTO_S3_SECRET_ACCESS_KEY is not set');
    // the filesystem store needs none of them
    expect(() => loadConfig(PhotoConfig, { PHOTO_STORE: 'fs' })).not.toThrow();
  });

  it('names a wrong value, and never repeats the secret', () => {
    expect(problems({ PHOTO_STORE: 'minio' })).toContain('PHOTO_STORE is set to "minio": PHOTO_STORE must be fs or s3');
    expect(problems({ ...S3, PHOTO_S3_FORCE_PATH_STYLE: 'yes' })).toContain(
      'PHOTO_S3_FORCE_PATH_STYLE is set to "yes": PHOTO_S3_FORCE_PATH_STYLE must be true or false',
    );
    expect(problems({ ...S3, PHOTO_S3_ENDPOINT: 'minio:9000' })).toContain('PHOTO_S3_ENDPOINT is set to "minio:9000"');
    expect(problems({ ...S3, PHOTO_S3_BUCKET: 'Photos_Bucket' })).toContain(
      'PHOTO_S3_BUCKET is set to "Photos_Bucket"',
    );
    expect(problems({ ...S3, PHOTO_S3_PREFIX: '../other/' })).toContain('PHOTO_S3_PREFIX is set to "../other/"');
    expect(problems({ ...S3, PHOTO_S3_PREFIX: '/photos' })).toContain('PHOTO_S3_PREFIX');
    expect(problems({ ...S3, PHOTO_S3_BUCKET: 'x' })).not.toContain(S3.PHOTO_S3_SECRET_ACCESS_KEY);
  });
});
