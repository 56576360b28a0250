// Shared helpers for the browser tests. run.sh builds the example site, serves
// it and sets SITE_URL (the served root, ending in "/") and SITE_DIR (the built
// folder); every *.mjs test in tests/browser/ reads them from here.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOTS = join(HERE, 'screenshots');

export const SITE_URL = process.env.SITE_URL;
export const SITE_DIR = process.env.SITE_DIR;
if (!SITE_URL || !SITE_DIR) {
  throw new Error('SITE_URL and SITE_DIR are not set: run the browser tests through tests/browser/run.sh');
}

/** Absolute URL of a site path such as "reports/" or "404.html". */
export const url = (path) => new URL(path.replace(/^\//, ''), SITE_URL).href;

/** The widths every page is checked at. */
export const WIDTHS = [360, 1280];

/** Every page type of the default theme, in the bundled example site. */
export const PAGES = [
  { name: 'home', path: '' },
  { name: 'section', path: 'reports/' },
  { name: 'section-page-2', path: 'reports/page/2/' },
  { name: 'report', path: 'reports/dongguang-r7-midterm/' },
  { name: 'report-ranking', path: 'reports/jingle-ranking-nov/' },
  { name: 'page', path: 'pages/about/' },
  { name: 'campaign', path: 'campaigns/dongguang-2021-r7/' },
  { name: 'campaigns', path: 'campaigns/' },
  { name: 'project', path: 'projects/gre-steel/' },
  { name: 'projects', path: 'projects/' },
  { name: 'county', path: 'counties/dong-guang-xian/' },
  { name: 'counties', path: 'counties/' },
  { name: 'series', path: 'series/dongguang-100-days/' },
  { name: 'series-list', path: 'series/' },
  { name: 'tags', path: 'tags/' },
  { name: 'tag', path: 'tags/bai-ri-gong-jian/' },
  { name: 'archives', path: 'archives/' },
  { name: 'archive-year', path: 'archives/2021/' },
  { name: 'archive-month', path: 'archives/2021/08/' },
  { name: 'search', path: 'search/' },
  { name: '404', path: '404.html' },
];

/** Debian's Chromium (never a downloaded browser build). */
export async function launch() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Opens `path` in a fresh context of `width` px and records what went wrong
 * while loading: console errors, uncaught exceptions, failed or non-2xx
 * requests and any request that leaves the local server (no CDNs, no
 * external fonts).
 */
export async function open(browser, path, { width = 1280, height = 900, javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    javaScriptEnabled,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(SITE_URL).origin;
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol !== 'data:' && u.protocol !== 'blob:' && u.origin !== origin) {
      problems.push(`external request: ${req.url()}`);
    }
  });
  page.on('response', (res) => {
    const expected404 = path === '404.html' && res.url() === url(path);
    if (res.status() >= 400 && !expected404) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const response = await page.goto(url(path), { waitUntil: 'load' });
  return { context, page, response, problems };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe impacts that fail a page. */
export const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on the page (`rules` switches rules on or off, as axe.run takes
 *  them); returns the violations, each with its impact and first nodes. */
export async function axe(page, rules = {}) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (rules) => {
    const r = await window.axe.run(document, { resultTypes: ['violations'], rules });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`),
    }));
  }, rules);
}
