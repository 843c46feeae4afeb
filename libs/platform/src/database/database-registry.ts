import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** Every service data source in this process, for readiness checks. */
@Injectable()
export class DatabaseRegistry {
  private readonly sources = new Map<string, DataSource>();

  add(name: string, dataSource: DataSource): void {
    this.sources.set(name, dataSource);
  }

  /** The data source of a service running in this process. */
  get(name: string): DataSource {
    const ds = this.sources.get(name);
    if (!ds) throw new Error(`No data source for ${name} in this process`);
    return ds;
  }

  entries(): Array<[string, DataSource]> {
    return [...this.sources.entries()];
  }
}
