// Compiles every fixed fixture (server/test/fixtures/fixes/*.fixed.py) with each Python interpreter
// found on this machine that the fixture targets, so that fixes are known to produce code the real
// interpreters accept. Nothing is executed: `compile()` only parses. The test suite does not need this.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { satisfies } from '@renovatebot/pep440';

const dir = join(import.meta.dirname, '..', 'server', 'test', 'fixtures', 'fixes');
const interpreters = findInterpreters();
if (interpreters.length === 0) {
  console.log('no Python interpreters found; nothing checked');
  process.exit(0);
}
let passed = 0;
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.fixed.py')).sort()) {
  const text = readFileSync(join(dir, file), 'utf8');
  const spec = /^# target: (.+)$/m.exec(text.split('\n')[0])?.[1] ?? '>=3.10';
  for (const { version, path } of interpreters) {
    if (!admits(spec, version)) continue;
    try {
      execFileSync(path, ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', join(dir, file)], { stdio: 'pipe' });
      passed++;
    } catch (error) {
      failed++;
      console.log(`FAIL ${file} under Python ${version}: ${String(error.stderr ?? error).trim().split('\n').pop()}`);
    }
  }
}
console.log(`checked with ${interpreters.map((i) => i.version).join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

function findInterpreters() {
  const out = [];
  const root = join(homedir(), '.pyenv', 'versions');
  if (existsSync(root)) {
    for (const v of readdirSync(root).sort()) {
      const path = join(root, v, 'bin', 'python');
      if (/^\d+\.\d+\.\d+$/.test(v) && existsSync(path)) out.push({ version: v, path });
    }
  }
  return out;
}

function admits(spec, version) {
  return satisfies(version, spec);
}
