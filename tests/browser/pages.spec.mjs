// Every page type of the default theme at 360 px and 1280 px: axe-core (no
// serious or critical violations), no console errors, no broken images, no
// request to a missing local file or to another host, no sideways scrolling
// of the page, and a screenshot in tests/browser/screenshots/; then no
// sideways scrolling at the widths in between, up to 1440 px.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BLOCKING, PAGES, WIDTHS, SCREENSHOTS, axe, launch, open, url } from './lib/harness.mjs';


let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Images that failed to load, and the page's sideways overflow in px. */
async function layout(page) {
  return page.evaluate(() => {
    const broken = [...document.images]
      .filter((img) => !img.complete || img.naturalWidth === 0)
      .map((img) => img.getAttribute('src'));
    const doc = document.documentElement;
    const overflow = doc.scrollWidth - doc.clientWidth;
    // The element that sticks out furthest, to name in a failure.
    let culprit = null;
    if (overflow > 0) {
      let worst = 0;
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right - doc.clientWidth > worst && getComputedStyle(el).position !== 'absolute') {
          let p = el.parentElement, clipped = false;
          while (p && p !== document.body) {
            if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
            p = p.parentElement;
          }
          if (!clipped) { worst = r.right - doc.clientWidth; culprit = `${el.tagName.toLowerCase()}.${el.className}`; }
        }
      }
    }
    return { broken, overflow, culprit };
  });
}

const summary = [];

for (const { name, path } of PAGES) {
  describe(`${name} (/${path})`, () => {
    for (const width of WIDTHS) {
      test(`${width}px`, async () => {
        const { context, page, response, problems } = await open(browser, path, { width });
        try {
          assert.equal(response.status(), 200, `/${path} answered ${response.status()}`);
          await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
          const { broken, overflow, culprit } = await layout(page);
          const violations = await axe(page);
          const blocking = violations.filter((v) => BLOCKING.has(v.impact));
          for (const v of violations.filter((v) => !BLOCKING.has(v.impact))) {
            console.log(`note: ${name} ${width}px axe ${v.impact} ${v.id}: ${v.help}`);
          }
          summary.push({ name, width, axe: blocking.length ? blocking.map((v) => v.id).join(',') : 'pass', other: violations.length - blocking.length });
          assert.deepEqual(problems, [], `loading /${path} went wrong`);
          assert.deepEqual(broken, [], 'images that did not load');
          assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${width}px (widest: ${culprit})`);
          assert.deepEqual(blocking, [], `axe: serious/critical violations on /${path}`);
        } finally {
          await context.close();
        }
      });
    }
  });
}

test('no page scrolls sideways at 480, 768, 1024 or 1440 px', async () => {
  const bad = [];
  const { context, page } = await open(browser, '', { width: 480 });
  try {
    for (const { name, path } of PAGES) {
      await page.goto(url(path), { waitUntil: 'load' });
      for (const width of [480, 768, 1024, 1440]) {
        await page.setViewportSize({ width, height: 900 });
        const { overflow, culprit } = await layout(page);
        if (overflow > 0) bad.push(`${name} at ${width}px: ${overflow}px (widest: ${culprit})`);
      }
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(bad, [], 'pages wider than the window');
});

after(() => {
  console.log('axe results (serious/critical; "other" counts moderate/minor notes):');
  for (const s of summary) console.log(`  ${s.name.padEnd(16)} ${String(s.width).padStart(4)}px  axe: ${s.axe}  other: ${s.other}`);
});
