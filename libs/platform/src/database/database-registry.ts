import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** Every service data source in this process, for readiness checks. */
@Injectable()
export class DatabaseRegistry {
  private readonly sources = new Map<string, DataSource>();

  add(name: string, dataSource: DataSource): void {
    this.sources.set(name, dataSource);
  }

  entries(): Array<[string, DataSource]> {
    return [...this.sources.entries()];
  }
}
