import { Inject, Injectable } from '@nestjs/common';
import type { Actor, Page, PiiAccessEntry, PiiAccessQuery, RevealCommand, RevealedPii } from '@gz/contracts';
import { forbidden } from '@gz/platform';
import { DataSource } from 'typeorm';
import { effectiveScopes, mayReveal, PII_AUDITORS } from '../domain/access';
import { checkRead, requireReader, requireRoles, who } from '../domain/actors';
import { pageWanted } from '../persistence/lists';
import { PersonStore } from '../persistence/person.store';
import { PiiAccessStore } from '../persistence/pii-access.store';
import { PersonalData } from '../crypto/personal-data';

/** Full identity numbers and phones for the roles that may see them, and the audit of every such read. */
@Injectable()
export class PiiAccessService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PersonalData) private readonly pii: PersonalData,
    private readonly persons: PersonStore,
    private readonly audit: PiiAccessStore,
  ) {}

  /**
   * Full identity number and phone of one person, for a caller whose role allows it, with a
   * reason. Every field read is written to the access audit before the value leaves.
   */
  async reveal(cmd: RevealCommand, actor: Actor | undefined): Promise<RevealedPii> {
    const a = requireReader(actor);
    const p = checkRead(a, await this.persons.sealed(cmd.id), 'Person', cmd.id);
    if (!mayReveal(a, p.path)) {
      throw forbidden(
        'Your role sees personal data masked; a community secretary or an admin can look up the full value',
        { roles: ['community_secretary', 'street_admin', 'district_admin'] },
      );
    }
    const out: RevealedPii = { id: p.id };
    const reader = who(a);
    await this.dataSource.transaction(async (m) => {
      for (const field of cmd.fields) {
        const value =
          field === 'idNumber'
            ? this.pii.open('idNumber', p.id_number_cipher, p.id_number_key_id, p.id)
            : this.pii.open('phone', p.phone_cipher, p.phone_key_id, p.id);
        out[field] = value;
        if (value === null) continue;
        await this.audit.record(m, { actor: reader, person: p, field, reason: cmd.reason.trim() });
      }
    });
    return out;
  }

  /** The access audit of personal data, for auditors and district admins, within their scope. */
  accessAudit(query: PiiAccessQuery, actor: Actor | undefined): Promise<Page<PiiAccessEntry>> {
    const a = requireRoles(actor, PII_AUDITORS);
    return this.audit.page(effectiveScopes(a.scopes), query, pageWanted(query));
  }
}
