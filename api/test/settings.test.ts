// Settings are validated at start: a bad value stops the process with a message naming the
// setting (exit code 2), before anything is started.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../config.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('defaults follow DESIGN §4', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.dataDir, path.resolve('./data'));
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.apiProcesses, 1);
});

for (const [name, value, message] of [
  ['PORT', 'eighty', /PORT must be an integer from 0 to 65535/],
  ['RATE_LIMIT_FILINGS_PER_HOUR', '0', /RATE_LIMIT_FILINGS_PER_HOUR must be an integer/],
  ['RATE_LIMIT_LOOKUPS_PER_MINUTE', '-5', /RATE_LIMIT_LOOKUPS_PER_MINUTE must be an integer/],
  ['DATABASE_URL', 'mysql://x', /DATABASE_URL must start with postgres/],
  ['ADMIN_PASSWORD', 'short', /ADMIN_PASSWORD must have at least 10 characters/],
  ['IDENTITY_KEY', 'abc', /IDENTITY_KEY must be 64 hex characters/],
] as const) {
  test(`a bad ${name} stops the start with a clear message`, () => {
    const r = spawnSync(process.execPath, ['api/main.ts'], { cwd: ROOT, env: { ...process.env, [name]: value }, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, message);
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
  });
}
