// `api/` is what runs in production (docs/architecture.md): no server file under api/ imports the
// development tooling in tools/ (the test runner, the benchmark, the type generator), so a
// deployment runs without it. Tests under api/ may use tools (the fault tests start processes with
// tools/bench/processes.ts); they are never loaded by the server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');
const TOOLS = path.join(ROOT, 'tools') + path.sep;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

const isTest = (rel: string) => rel.startsWith('api/test/') || rel.endsWith('.test.ts');

test('no server file under api/ imports from tools/', () => {
  const serverFiles = (fs.globSync('api/**/*.ts', { cwd: ROOT }) as string[]).map((f) => f.split(path.sep).join('/')).filter((f) => !isTest(f));
  assert.ok(serverFiles.includes('api/main.ts') && serverFiles.length > 100, `server files found: ${serverFiles.length}`);
  const offenders: string[] = [];
  for (const rel of serverFiles) {
    const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1];
      if (!spec.startsWith('.')) continue;
      if (path.resolve(ROOT, path.dirname(rel), spec).startsWith(TOOLS)) offenders.push(`${rel} imports ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the production commands run files under api/, the development ones files under tools/', () => {
  const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
  for (const name of ['start', 'serve', 'backup', 'restore', 'crypto:migrate']) assert.match(scripts[name], /node api\//, `${name}: ${scripts[name]}`);
  for (const name of ['test', 'test:api', 'db:types', 'seed:bench', 'bench']) assert.match(scripts[name], /^node tools\//, `${name}: ${scripts[name]}`);
  for (const dir of ['api/bench', 'api/scripts/test.ts', 'api/scripts/bench.ts', 'api/scripts/seed-bench.ts', 'api/scripts/gen-db-types.ts', 'api/scripts/lighthouse.ts']) {
    assert.ok(!fs.existsSync(path.join(ROOT, dir)), `${dir} is development tooling: it belongs in tools/`);
  }
});
