import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/db/schema.ts, offline (no database needed).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
