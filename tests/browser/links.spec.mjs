// Crawls the served example site from its home page and checks that every
// local link, stylesheet, image and script (href, src, srcset, CSS url())
// points at a file that exists; and that no page loads anything from another
// host or carries a script (search, and elder.js for 长者模式, excepted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SITE_URL } from './lib/harness.mjs';

const decode = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

function refs(body, type) {
  const out = [];
  if (type.includes('html')) {
    for (const m of body.matchAll(/\s(href|src)\s*=\s*"([^"]*)"/gi)) out.push(decode(m[2]));
    for (const m of body.matchAll(/\ssrcset\s*=\s*"([^"]*)"/gi)) {
      for (const part of decode(m[1]).split(',')) out.push(part.trim().split(/\s+/)[0]);
    }
  }
  if (type.includes('html') || type.includes('css')) {
    for (const m of body.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/gi)) out.push(m[1]);
  }
  return out;
}

/**
 * Crawls from `root` and returns what went wrong. Only URLs of root's origin
 * are followed; on a sub-path site, a link that leaves the sub-path is
 * reported too (it would point outside the site).
 */
async function crawl(root) {
  const origin = new URL(root).origin;
  const prefix = new URL(root).pathname;
  const seen = new Map(); // url -> status
  const missing = [];
  const outside = [];
  const external = new Set();
  const scripted = [];
  const queue = [{ href: root, from: '(start)' }];
  while (queue.length) {
    const { href, from } = queue.shift();
    const u = new URL(href);
    u.hash = '';
    u.search = '';
    const key = u.href;
    if (seen.has(key)) continue;
    if (!u.pathname.startsWith(prefix)) { seen.set(key, 0); outside.push(`${key} linked from ${from}`); continue; }
    const res = await fetch(key, { redirect: 'follow' });
    seen.set(key, res.status);
    if (res.status !== 200) { await res.arrayBuffer(); missing.push(`${key} (HTTP ${res.status}) linked from ${from}`); continue; }
    const type = res.headers.get('content-type') || '';
    if (!type.includes('html') && !type.includes('css')) { await res.arrayBuffer(); continue; }
    const body = await res.text();
    // The only script outside search is elder.js (长者模式 remembered across pages).
    const scripts = type.includes('html') ? body.match(/<script\b[^>]*>/gi) || [] : [];
    const other = scripts.filter((tag) => !/^<script src="[^"]*\/elder\.js">$/.test(tag));
    if (other.length && !u.pathname.endsWith('/search/')) scripted.push(u.pathname);
    for (const raw of refs(body, type)) {
      if (!raw || raw.startsWith('#') || /^(mailto|tel|data|javascript):/i.test(raw)) continue;
      let target;
      try { target = new URL(raw, key); } catch { missing.push(`${raw} (not a URL) in ${key}`); continue; }
      if (target.origin !== origin) { external.add(target.href); continue; }
      queue.push({ href: target.href, from: key });
    }
  }
  console.log(`crawled ${seen.size} local URLs from ${root}`);
  if (external.size) console.log(`external links (not followed): ${[...external].join(' ')}`);
  return { count: seen.size, missing, outside, scripted };
}

test('every local link and asset of the site resolves', async () => {
  const r = await crawl(SITE_URL);
  assert.ok(r.count > 50, `the crawl found only ${r.count} URLs`);
  assert.deepEqual(r.missing, [], 'links to missing local files');
  assert.deepEqual(r.scripted, [], 'pages other than search that carry a <script> besides elder.js');
});

test('under a sub-path (base_url …/news/) every link stays inside it and resolves', { skip: !process.env.SUBPATH_SITE_URL && 'SUBPATH_SITE_URL not set' }, async () => {
  const r = await crawl(process.env.SUBPATH_SITE_URL);
  assert.ok(r.count > 50, `the crawl found only ${r.count} URLs`);
  assert.deepEqual(r.outside, [], 'links that leave the sub-path');
  assert.deepEqual(r.missing, [], 'links to missing local files');
});
