import { openRegistrySchema } from '../persistence/schema';
import { reencryptRegistry, type ReencryptOptions, type ReencryptSummary } from '../services/reencrypt';
import { personalDataFromEnv } from './import-cli';

/** `gz reencrypt-registry`: re-encryption after a key rotation on DATABASE_URL, with the keys from the environment (PII_*). */
export async function reencryptRegistryAt(
  url: string,
  env: NodeJS.ProcessEnv,
  o: ReencryptOptions = {},
): Promise<ReencryptSummary> {
  const pii = personalDataFromEnv(env);
  const ds = await openRegistrySchema(url, 2);
  try {
    return await reencryptRegistry(ds, pii, o);
  } finally {
    await ds.destroy();
  }
}
