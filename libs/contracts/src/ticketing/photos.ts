import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsUUID, Matches, Min } from 'class-validator';

/** Ticket photos are references to stored files (64 hex chars: their SHA-256), or opaque ids. */
export const PHOTO_REF = /^[A-Za-z0-9:_-]{8,100}$/;

/** Photo types accepted, recognised by their first bytes (not by the declared type). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** What the gateway registers with ticketing once it has stored an upload. */
export class RegisterPhotoCommand {
  @IsUUID()
  id!: string;

  @Matches(/^[0-9a-f]{64}$/)
  sha256!: string;

  @IsIn(PHOTO_TYPES)
  contentType!: PhotoType;

  @IsInt()
  @Min(1)
  size!: number;
}

export class PhotoIdRequest {
  @IsUUID()
  id!: string;
}

/** The reference an upload answers: put `id` in the `photos` of a report, handle or check step. */
export class PhotoRef {
  @ApiProperty({ description: 'the photo reference for `photos` lists' }) id!: string;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) sha256!: string;
  @ApiProperty({ enum: PHOTO_TYPES }) contentType!: PhotoType;
  @ApiProperty() size!: number;
  @ApiProperty() uploadedAt!: string;
}
