import { PHOTO_TYPES, type PhotoType } from '@gz/contracts';

/** The image type by its first bytes (JPEG, PNG, WebP), whatever the upload claimed. */
export function sniffImage(data: Buffer): PhotoType | undefined {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (
    data.length >= 12 &&
    data.subarray(0, 4).toString('latin1') === 'RIFF' &&
    data.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return undefined;
}

export const isPhotoType = (t: string | undefined): t is PhotoType =>
  (PHOTO_TYPES as readonly string[]).includes(t ?? '');
