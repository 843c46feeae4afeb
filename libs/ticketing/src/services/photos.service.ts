import { Injectable } from '@nestjs/common';
import type { Actor, PhotoRef, RegisterPhotoCommand } from '@gz/contracts';
import { Clock, forbidden, notFound, requireActor } from '@gz/platform';
import { accessFacts, canSee, mayUploadPhotos } from '../domain/access';
import { PhotoStore } from '../persistence/photo.store';
import { photoView } from '../persistence/views';

/**
 * Who uploaded which photo, and who may see it: the uploader, and whoever can see a ticket that
 * has it in its photos or in a step of its timeline. The bytes are in the gateway's photo store.
 */
@Injectable()
export class PhotosService {
  constructor(
    private readonly store: PhotoStore,
    private readonly clock: Clock,
  ) {}

  async register(cmd: RegisterPhotoCommand, actor: Actor | undefined): Promise<PhotoRef> {
    const a = requireActor(actor);
    if (!mayUploadPhotos(a)) throw forbidden('You may not upload photos');
    const row = await this.store.add({
      id: cmd.id,
      sha256: cmd.sha256,
      content_type: cmd.contentType,
      size: cmd.size,
      uploader_id: a.id,
      uploader_kind: a.kind,
      uploaded_at: this.clock.now(),
    });
    return photoView(row);
  }

  /** The photo's facts if the caller may see it; otherwise not found (no probing). */
  async access(id: string, actor: Actor | undefined): Promise<PhotoRef> {
    const a = requireActor(actor);
    const photo = await this.store.byId(id);
    if (!photo) throw notFound('Photo', { id });
    if (photo.uploader_id === a.id) return photoView(photo);
    const tickets = await this.store.ticketsWith(id);
    if (!tickets.some((t) => canSee(a, accessFacts(t)))) throw notFound('Photo', { id });
    return photoView(photo);
  }
}
