import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { PhotoType } from '@gz/contracts';

/** Where photo bytes live: a port, so that an S3-compatible store can replace the filesystem one. */
export abstract class PhotoStore {
  /** `contentType` is the sniffed type, for stores that keep it with the bytes */
  abstract put(id: string, bytes: Buffer, contentType: PhotoType): Promise<void>;
  /** the bytes, or undefined when there is no such photo */
  abstract open(id: string): Promise<Readable | undefined>;
  abstract remove(id: string): Promise<void>;
  /** releases connections at shutdown */
  async close(): Promise<void> {}
}

const SAFE_ID = /^[0-9a-f-]{36}$/;

/** Ids become file names and object keys: only UUIDs, so no path or key tricks. */
export function checkPhotoId(id: string): string {
  if (!SAFE_ID.test(id)) throw new Error(`Not a photo id: ${id}`);
  return id;
}

/** Files under a directory (`.data/photos` by default), fanned out by the id's first two characters. */
export class FsPhotoStore extends PhotoStore {
  private readonly dir: string;

  constructor(dir: string) {
    super();
    this.dir = resolve(dir);
  }

  private path(id: string): string {
    return join(this.dir, id.slice(0, 2), checkPhotoId(id));
  }

  async put(id: string, bytes: Buffer): Promise<void> {
    const path = this.path(id);
    await mkdir(join(this.dir, id.slice(0, 2)), { recursive: true });
    // write then rename: a reader never sees half a file
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
  }

  async open(id: string): Promise<Readable | undefined> {
    const path = this.path(id);
    try {
      await stat(path);
    } catch {
      return undefined;
    }
    return createReadStream(path);
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true });
  }
}
