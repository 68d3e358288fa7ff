import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parserReady } from './helpers';
import { TargetDiscovery, type ConfigFileSystem } from '../src/config/discovery';
import { describeRange, formatVersion, highest, lowest, normaliseSpecifier, targetFromSpecifier, reachesBefore, parseVersion } from '../src/facts/versions';

/** An in-memory file system, so that discovery is tested without touching the disk. */
function memoryFs(files: Record<string, string>): ConfigFileSystem {
  return {
    readText: (path) => files[path],
    dirname: (path) => (path.lastIndexOf('/') > 0 ? path.slice(0, path.lastIndexOf('/')) : '/'),
    join: (dir, name) => (dir === '/' ? `/${name}` : `${dir}/${name}`),
  };
}

function discover(files: Record<string, string>, file = '/proj/pkg/mod.py', roots: string[] = []) {
  const warnings: string[] = [];
  const d = new TargetDiscovery(memoryFs(files), (w) => warnings.push(w), roots);
  const t = d.targetFor(file);
  return { spec: t.specifier, source: t.source, range: describeRange(t), warnings };
}

test('specifiers: PEP 440 sets, bare versions, Ruff py3x names', () => {
  assert.equal(normaliseSpecifier('3.8'), '>=3.8');
  assert.equal(normaliseSpecifier('py38'), '>=3.8');
  assert.equal(normaliseSpecifier('py311'), '>=3.11');
  assert.equal(normaliseSpecifier('>=3.8,<3.13'), '>=3.8,<3.13');
  assert.equal(normaliseSpecifier('~=3.9'), '~=3.9');
  assert.equal(normaliseSpecifier('banana'), undefined);
  assert.equal(describeRange(targetFromSpecifier('>=3.8,<3.13', 'x')!), '3.8–3.12');
  assert.equal(describeRange(targetFromSpecifier('~=3.9', 'x')!), '3.9–3.14');
  assert.equal(describeRange(targetFromSpecifier('==2.7.*', 'x')!), '2.7');
  assert.equal(targetFromSpecifier('>=4', 'x'), undefined);
});

test('micro versions: 2.7.9 and 3.4.3 bounds are exact', () => {
  const t = targetFromSpecifier('>=2.7.9,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,<3.5', 'x')!;
  assert.equal(formatVersion(lowest(t)), '2.7.9');
  assert.equal(formatVersion(highest(t)), '3.4.10');
  assert.equal(reachesBefore(t, parseVersion('3.4.3')!), true);
  assert.equal(reachesBefore(targetFromSpecifier('>=3.4.3', 'x')!, parseVersion('3.4.3')!), false);
  assert.equal(reachesBefore(targetFromSpecifier('>=2.7.9', 'x')!, parseVersion('2.7.9')!), false);
});

test('discovery order within a folder: [tool.ssl-lens], requires-python, [tool.ruff]', async () => {
  await parserReady;
  const pyproject = '[project]\nrequires-python = ">=3.7"\n[tool.ruff]\ntarget-version = "py39"\n[tool.ssl-lens]\ntarget-version = ">=3.8"\n';
  assert.deepEqual(discover({ '/proj/pyproject.toml': pyproject }), { spec: '>=3.8', source: '[tool.ssl-lens] target-version in pyproject.toml', range: '3.8–3.14', warnings: [] });
  const noOwn = '[project]\nrequires-python = ">=3.7"\n[tool.ruff]\ntarget-version = "py39"\n';
  assert.equal(discover({ '/proj/pyproject.toml': noOwn }).source, 'requires-python in pyproject.toml');
  assert.deepEqual(discover({ '/proj/pyproject.toml': '[tool.ruff]\ntarget-version = "py39"\n' }).range, '3.9–3.14');
});

test('setup.cfg, setup.py (parsed, never run) and .python-version', async () => {
  await parserReady;
  assert.deepEqual(discover({ '/proj/setup.cfg': '[metadata]\nname = x\n[options]\npython_requires = >=3.6\n' }).source, 'python_requires in setup.cfg');
  const setupPy = 'import os\nfrom setuptools import setup\nos.system("touch pwned")\nsetup(name="x", python_requires=">=3.5, <4")\n';
  assert.deepEqual(discover({ '/proj/setup.py': setupPy }), { spec: '>=3.5, <4', source: 'python_requires in setup.py', range: '3.5–3.14', warnings: [] });
  assert.deepEqual(discover({ '/proj/.python-version': '3.11.4\n' }), { spec: '==3.11.*', source: '.python-version', range: '3.11', warnings: [] });
});

test('the nearest folder wins, and the search stops at a workspace root', async () => {
  await parserReady;
  const files = {
    '/proj/pyproject.toml': '[project]\nrequires-python = ">=3.6"\n',
    '/proj/pkg/pyproject.toml': '[project]\nrequires-python = ">=3.9"\n',
  };
  assert.equal(discover(files, '/proj/pkg/mod.py').range, '3.9–3.14');
  assert.equal(discover(files, '/proj/other/mod.py').range, '3.6–3.14');
  assert.equal(discover(files, '/proj/other/mod.py', ['/proj/other']).source, 'the default target');
});

test('broken files give one warning and fall back, never a crash', async () => {
  await parserReady;
  const broken = discover({ '/proj/pyproject.toml': '[project\nrequires-python = ">=3.6"\n', '/proj/setup.cfg': '[options]\npython_requires = >=3.7\n' });
  assert.equal(broken.source, 'python_requires in setup.cfg');
  assert.equal(broken.warnings.length, 1);
  assert.match(broken.warnings[0], /^\/proj\/pyproject\.toml: not valid TOML \(.+\); its settings are ignored$/);
  const badSpec = discover({ '/proj/pyproject.toml': '[project]\nrequires-python = "three point eight"\n' });
  assert.deepEqual(badSpec, {
    spec: '>=3.10',
    source: 'the default target',
    range: '3.10–3.14',
    warnings: ["/proj/pyproject.toml: requires-python 'three point eight' is not a PEP 440 specifier that matches any known Python release; ignored"],
  });
  const wrongType = discover({ '/proj/pyproject.toml': '[project]\nrequires-python = 3.8\n' });
  assert.deepEqual(wrongType.warnings, ['/proj/pyproject.toml: requires-python must be a string; ignored']);
  const brokenSetup = discover({ '/proj/setup.py': 'setup(python_requires=' });
  assert.equal(brokenSetup.source, 'the default target');
});
