// The web app's API types are generated from the server's route schemas: this
// fails when a schema changed and web/src/api/schema.gen.ts was not rewritten.
import { describe, expect, it } from 'vitest';
import { GEN_API_COMMAND, API_TYPES_FILE, generateApiTypes, readApiTypes } from '../../scripts/gen-api-types.ts';

describe('generated API types', () => {
  it('web/src/api/schema.gen.ts matches the current OpenAPI document', async () => {
    const [fresh, committed] = await Promise.all([generateApiTypes(), readApiTypes()]);
    if (fresh !== committed) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const line = b.findIndex((l, i) => l !== a[i]);
      expect.fail(`${API_TYPES_FILE} is stale (first difference at line ${line + 1}: ${JSON.stringify(b[line])}). Run \`${GEN_API_COMMAND}\` and commit the result.`);
    }
    expect(fresh).toContain('"/api/v1/dashboard"');
  });
});
