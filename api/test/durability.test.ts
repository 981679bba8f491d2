// "A 201 means committed": a petition acknowledged by a server on the embedded PostgreSQL is
// still there after the process is killed with SIGKILL and started again on the same DATA_DIR.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sampleFiling } from './harness.ts';
import { postJson, startServerProcess } from './processes.ts';

test('a filed petition survives SIGKILL and a restart on the embedded database', { timeout: 180_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xf-durable-'));
  try {
    const first = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: '' }, 120_000);
    const filed = await postJson(`${first.url}/api/public/petitions`, sampleFiling({ title: '断电测试' }));
    assert.equal(filed.status, 201);
    await first.kill('SIGKILL');

    const second = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: '' }, 120_000);
    try {
      const t = await postJson(`${second.url}/api/public/track`, { queryCode: filed.body.queryCode });
      assert.equal(t.status, 200);
      assert.equal(t.body.caseNo, filed.body.caseNo);
      // A graceful stop (SIGTERM) ends with exit code 0 and leaves the database stopped.
      assert.equal(await second.kill('SIGTERM'), 0);
      assert.ok(!fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')));
    } finally {
      await second.kill('SIGKILL');
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
