// The search page, used as a reader uses it: headless Chromium types Chinese
// queries into /search/ of the built example site and reads the result list.
// Which reports must be found is worked out from the sources (title, body,
// campaign name), not copied from the index.
//
// Under tests/browser/run.sh it uses the site run.sh serves (SITE_URL).
// Run alone (`node --test tests/browser/search.spec.mjs`, after `npm ci` in
// tests/browser) it builds and serves the example itself. Either way it also
// builds a second copy under the sub-path /news/ with `hant_mirror: true` and
// searches its 繁體 version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const WORK = mkdtempSync(join(tmpdir(), 'gongjian-search-'));
const servers = [];
let browser;
let site;   // served example site, root base
let mirror; // served copy under /news/ with the 繁體 mirror

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function serve(dir) {
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], { stdio: 'ignore' });
  servers.push(proc);
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { await fetch(origin + '/'); return origin; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error(`python3 -m http.server on ${port} did not start`);
}

function gongjian() {
  if (process.env.GONGJIAN_BIN) return process.env.GONGJIAN_BIN;
  execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  return join(ROOT, 'target', 'release', 'gongjian');
}

before(async () => {
  const bin = gongjian();
  if (process.env.SITE_URL) {
    site = process.env.SITE_URL.replace(/\/$/, '');
  } else {
    execFileSync(bin, ['build', '--root', ROOT, '--output', join(WORK, 'site')], { stdio: 'inherit' });
    site = await serve(join(WORK, 'site'));
  }
  // The same content in a copy whose site.yaml turns the mirror on.
  const copy = join(WORK, 'root');
  mkdirSync(copy);
  for (const d of ['content', 'data', 'themes', 'static', 'templates']) {
    try { cpSync(join(ROOT, d), join(copy, d), { recursive: true }); } catch { /* optional folder */ }
  }
  const yaml = readFileSync(join(ROOT, 'site.yaml'), 'utf8').replace(/^hant_mirror:.*$/m, '');
  writeFileSync(join(copy, 'site.yaml'), yaml + '\nhant_mirror: true\n');
  execFileSync(bin, ['build', '--root', copy, '--output', join(WORK, 'srv', 'news'), '--base-url', '/news/'], { stdio: 'inherit' });
  mirror = (await serve(join(WORK, 'srv'))) + '/news';
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await browser?.close();
  for (const p of servers) p.kill();
  rmSync(WORK, { recursive: true, force: true });
});

// --- what the sources say must be found ------------------------------------
const HAN = /[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

/** Front-matter scalar `key:` of a Markdown file. */
function field(fm, key) {
  const m = fm.match(new RegExp(`^${key}:\\s*(.*)$`, 'm'));
  return m ? m[1].trim().replace(/^["']|["']$/g, '') : '';
}

/** Every published report: its URL path and the text a reader sees of it. */
function reports() {
  const campaigns = {};
  const cdir = join(ROOT, 'content', 'campaigns');
  for (const f of readdirSync(cdir).filter((f) => f.endsWith('.md') && f !== '_index.md')) {
    campaigns[f.replace(/\.md$/, '')] = field(readFileSync(join(cdir, f), 'utf8').split('---')[1], 'title');
  }
  const rdir = join(ROOT, 'content', 'reports');
  return readdirSync(rdir).filter((f) => f.endsWith('.md') && f !== '_index.md').map((f) => {
    const [, fm, ...rest] = readFileSync(join(rdir, f), 'utf8').split(/^---\s*$/m);
    // A line break between two Chinese characters is no space to a reader.
    const body = rest.join('---').replace(/(\S)\s*\n\s*(\S)/gu, (all, a, b) => (HAN.test(a) && HAN.test(b) ? a + b : all));
    const slug = field(fm, 'slug') || f.replace(/\.md$/, '').replace(/^\d{4}-\d{2}-\d{2}-/, '');
    return {
      path: `/reports/${slug}/`,
      draft: field(fm, 'draft') === 'true',
      county: field(fm, 'county'),
      text: [field(fm, 'title'), campaigns[field(fm, 'campaign')] || '', body].join('\n'),
    };
  }).filter((r) => !r.draft);
}

/** Types `query` into the search page at `base` and returns the results shown. */
async function searchFor(base, query) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // Chromium logs its own /favicon.ico 404 as a console error without the URL;
  // every request the page makes is checked through 'response' below instead.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(new URL(base).origin)) problems.push(`external request ${r.url()}`); });
  try {
    await page.goto(`${base}/search/`, { waitUntil: 'load' });
    await page.fill('#q', query);
    await page.press('#q', 'Enter');
    await page.waitForFunction(() => {
      const s = document.getElementById('search-status').textContent;
      return s && !s.includes('正在搜索');
    });
    // 20 results a page: ask for the rest the way a reader does.
    while (await page.locator('.search-more').isVisible()) {
      const shown = await page.locator('#results li').count();
      await page.click('.search-more');
      await page.waitForFunction((n) => document.querySelectorAll('#results li').length > n, shown);
    }
    const status = await page.locator('#search-status').textContent();
    const results = await page.$$eval('#results li', (lis) => lis.map((li) => ({
      href: new URL(li.querySelector('a').href).pathname,
      title: li.querySelector('a').textContent,
      meta: li.querySelector('.meta')?.textContent || '',
    })));
    const url = page.url();
    assert.deepEqual(problems, [], `problems while searching for ${query}`);
    return { status, results, url };
  } finally {
    await context.close();
  }
}

for (const query of ['百日攻坚', '攻坚', '格锐恩']) {
  test(`searching for ${query} lists every report that contains it`, async () => {
    const expected = reports().filter((r) => r.text.includes(query)).map((r) => r.path);
    assert.ok(expected.length > 0, `the example site has reports with ${query}`);
    const { status, results, url } = await searchFor(site, query);
    const found = results.map((r) => r.href);
    for (const path of expected) assert.ok(found.includes(path), `${path} not found for ${query}; got ${found.join(' ')}`);
    assert.match(status, /找到/);
    assert.ok(url.includes('?q='), 'the query is kept in the address, so the results can be linked');
  });
}

test('格锐恩 ranks the 磁县 reports with the project in their title first', async () => {
  const { results } = await searchFor(site, '格锐恩');
  const inTitle = results.map((r) => r.title.includes('格锐恩'));
  assert.ok(inTitle[0], JSON.stringify(results));
  assert.deepEqual(inTitle, [...inTitle].sort((a, b) => b - a), 'title matches before text matches');
  assert.ok(results.some((r) => r.href === '/reports/cixian-gre-steel/'), 'the 磁县 report about the project');
  assert.ok(results.some((r) => r.href === '/projects/gre-steel/'), 'the project\'s own page in 项目库');
  for (const r of results.filter((r) => r.title.includes('格锐恩'))) assert.match(r.meta, /磁县/);
});

test('search results give dates as the pages do (2021年7月12日)', async () => {
  const { results } = await searchFor(site, '格锐恩');
  assert.ok(results.length > 0);
  for (const r of results) assert.match(r.meta, /^\d{4}年\d{1,2}月\d{1,2}日/, JSON.stringify(r));
});

test('a query nothing contains says so instead of listing reports', async () => {
  const { status, results } = await searchFor(site, '量子计算机');
  assert.equal(results.length, 0, JSON.stringify(results));
  assert.match(status, /没有找到/);
});

test('the 繁體 mirror under a sub-path searches in Traditional and links into the mirror', async () => {
  const { results, status } = await searchFor(`${mirror}/zh-hant`, '百日攻堅');
  assert.ok(results.length > 0, 'Traditional query finds reports in the 繁體 version');
  assert.match(status, /相關的結果/, 'the search page speaks Traditional too');
  assert.doesNotMatch(status, /结果|相关/);
  for (const r of results) {
    assert.ok(r.href.startsWith('/news/zh-hant/'), r.href);
    assert.doesNotMatch(r.title, /攻坚/, 'titles are Traditional');
  }
  // Following a result lands on a Traditional page whose switch leads to its Simplified twin.
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    const res = await page.goto(new URL(results[0].href, mirror).href);
    assert.equal(res.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
    const twin = await page.getAttribute('.lang-switch a[hreflang="zh-Hans"]', 'href');
    assert.equal(twin, results[0].href.replace('/news/zh-hant/', '/news/'));
    await page.click('.lang-switch a[hreflang="zh-Hans"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
    assert.match(await page.locator('h1').first().textContent(), /攻坚|项目/);
  } finally {
    await context.close();
  }
});

test('a one-character query finds the character anywhere (桥 in 闽侯二桥 and 桥头堡)', async () => {
  const expected = reports().filter((r) => r.text.includes('桥')).map((r) => r.path);
  assert.ok(expected.length >= 2, 'the example site has reports with 桥');
  const { status, results } = await searchFor(site, '桥');
  const found = results.map((r) => r.href);
  for (const path of expected) assert.ok(found.includes(path), `${path} not found for 桥; got ${found.join(' ')}`);
  assert.match(status, /找到/);
});

test('a query in either script finds either version\'s pages', async () => {
  const expected = reports().filter((r) => r.text.includes('百日攻坚')).map((r) => r.path);
  const traditional = await searchFor(site, '百日攻堅');
  for (const path of expected) assert.ok(traditional.results.some((r) => r.href === path), `${path} for 百日攻堅`);
  assert.match(traditional.status, /百日攻堅/, 'the status repeats the query as typed');
  const simplified = await searchFor(`${mirror}/zh-hant`, '百日攻坚');
  assert.ok(simplified.results.length >= expected.length, 'a Simplified query on the 繁體 mirror');
  for (const r of simplified.results) assert.ok(r.href.startsWith('/news/zh-hant/'), r.href);
});
