// The Nu HTML Checker (vnu) on every HTML file of the built example site, and
// on the stylesheets: no errors. Warnings are printed, not failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE_DIR } from './lib/harness.mjs';

const require = createRequire(import.meta.url);
const VNU = join(dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');

test('every built HTML page passes the Nu HTML Checker with no errors', () => {
  const r = spawnSync('java', ['-Xss4m', '-jar', VNU, '--format', 'json', '--exit-zero-always', '--skip-non-html', '--also-check-css', SITE_DIR], {
    encoding: 'utf8', maxBuffer: 256 << 20,
  });
  assert.equal(r.error, undefined, `could not run java: ${r.error}`);
  // vnu writes its JSON report to stderr.
  const raw = r.stderr;
  const report = JSON.parse(raw.slice(raw.indexOf('{')));
  const where = (m) => (m.url ? relative(SITE_DIR, fileURLToPath(m.url)) : '(vnu)');
  const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  const warnings = report.messages.filter((m) => m.type === 'info' && m.subType === 'warning');
  for (const m of warnings) console.log(`vnu warning: ${where(m)}:${m.lastLine} ${m.message}`);
  const byFile = new Map();
  for (const m of errors) {
    const f = where(m);
    if (!byFile.has(f)) byFile.set(f, []);
    byFile.get(f).push(`${m.lastLine}.${m.firstColumn ?? m.lastColumn} ${m.message}`);
  }
  console.log(`vnu: ${errors.length} errors in ${byFile.size} files, ${warnings.length} warnings`);
  for (const [f, list] of byFile) for (const l of list.slice(0, 5)) console.log(`  ${f}:${l}`);
  assert.equal(errors.length, 0, `vnu found errors in: ${[...byFile.keys()].join(', ')}`);
});
