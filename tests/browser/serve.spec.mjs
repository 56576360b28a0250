// `gongjian serve` in a real browser: an open tab reloads by itself when a
// report is saved, shows the build error over the last good page when the
// report is broken (without reloading), and recovers when it is fixed.
// Starts its own `gongjian serve` on a site made by `gongjian init`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { HERE, SCREENSHOTS, launch } from './lib/harness.mjs';

// run.sh exports the binary it built (under CARGO_TARGET_DIR when that is set).
const BIN = process.env.GONGJIAN_BIN || join(HERE, '..', '..', 'target', 'release', 'gongjian');
let browser, serve, work, base, stderr = '';

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'gongjian-browser-serve.'));
  execFileSync(BIN, ['init', join(work, 'site')]);
  serve = spawn(BIN, ['serve', '--port', '0', '--root', join(work, 'site')], { stdio: ['ignore', 'pipe', 'pipe'] });
  serve.stderr.on('data', (d) => { stderr += d; });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address:\n${stderr}`)), 30000);
    createInterface({ input: serve.stdout }).on('line', (line) => {
      const m = line.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  serve?.kill('SIGINT');
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a saved report reloads the open tab; a broken one shows its error over the last good page', async () => {
  const reports = join(work, 'site', 'content', 'reports');
  const file = join(reports, readdirSync(reports).find((f) => f.endsWith('-kaiju.md')));
  const good = readFileSync(file, 'utf8');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  try {
    await page.goto(new URL('reports/kaiju/', base).href, { waitUntil: 'load' });
    assert.ok((await page.textContent('body')).includes('首批 12 个项目'));
    // A mark on the window: it survives anything but a reload.
    const mark = () => page.evaluate(() => { window.__notReloaded = true; });
    const marked = () => page.evaluate(() => window.__notReloaded === true);
    // Give the event stream a moment to connect before the first save.
    await page.waitForTimeout(300);

    await mark();
    writeFileSync(file, good.replace('首批 12 个项目', '首批 15 个项目'));
    await page.waitForFunction(() => document.body.innerText.includes('首批 15 个项目'), null, { timeout: 5000 });
    assert.equal(await marked(), false, 'the tab reloaded by itself');

    await page.waitForTimeout(300);
    await mark();
    writeFileSync(file, good.replace(/^title: .*$/m, 'title: [没有闭合'));
    const overlay = page.locator('#gongjian-error');
    await overlay.waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await overlay.textContent(), /content\/reports\/\d{4}-\d{2}-\d{2}-kaiju\.md:2/, 'the error names file and line');
    assert.ok((await page.textContent('main')).includes('首批 15 个项目'), 'the last good page stays under the overlay');
    assert.equal(await marked(), true, 'the error arrived without a reload');
    await page.screenshot({ path: join(SCREENSHOTS, 'serve-error-overlay.png') });

    writeFileSync(file, good.replace('首批 12 个项目', '首批 16 个项目'));
    await page.waitForFunction(() => document.body.innerText.includes('首批 16 个项目'), null, { timeout: 5000 });
    assert.equal(await overlay.count(), 0, 'the overlay is gone after the fix');
    assert.ok(stderr.includes('kaiju.md:2'), 'the terminal showed the error too');
  } finally {
    await context.close();
  }
});
