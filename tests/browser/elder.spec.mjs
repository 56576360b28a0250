// 长者模式 (elder mode) on every page type at 360 px and 1280 px: axe with
// no serious or critical violation and no text below 7:1 (axe's
// color-contrast-enhanced), no sideways scrolling, a screenshot
// `<page>-elder-<width>.png`; then what a reader notices: type ≥ 1.3× and
// wider lines, the choice remembered on the next page, and the switch
// working without JavaScript.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BLOCKING, PAGES, WIDTHS, SCREENSHOTS, axe, launch, open, url } from './lib/harness.mjs';


let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The body's type size and line height in px, and whether elder mode is on. */
const metrics = (page) => page.evaluate(() => {
  const s = getComputedStyle(document.body);
  const p = document.querySelector('main p') || document.body;
  return {
    size: parseFloat(s.fontSize),
    leading: parseFloat(getComputedStyle(p).lineHeight) / parseFloat(getComputedStyle(p).fontSize),
    elder: document.documentElement.classList.contains('elder'),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
});

const elderPath = (path) => (path.includes('?') ? `${path}&elder=1` : `${path}?elder=1`);

for (const { name, path } of PAGES) {
  describe(`elder mode: ${name} (/${path})`, () => {
    for (const width of WIDTHS) {
      test(`${width}px`, async () => {
        const { context, page, problems } = await open(browser, elderPath(path), { width });
        try {
          await page.screenshot({ path: join(SCREENSHOTS, `${name}-elder-${width}.png`), fullPage: true });
          const m = await metrics(page);
          assert.ok(m.elder, 'elder mode is on');
          assert.ok(m.overflow <= 0, `the page scrolls sideways by ${m.overflow}px`);
          const violations = await axe(page, { 'color-contrast-enhanced': { enabled: true } });
          const failing = violations.filter((v) => BLOCKING.has(v.impact) || v.id === 'color-contrast-enhanced');
          assert.deepEqual(problems, [], `loading /${path} went wrong`);
          assert.deepEqual(failing, [], `axe in elder mode on /${path}`);
        } finally {
          await context.close();
        }
      });
    }
  });
}

test('elder mode enlarges the type 1.3× or more and widens the lines', async () => {
  const { context, page } = await open(browser, 'reports/dongguang-r7-midterm/', { width: 1280 });
  try {
    const normal = await metrics(page);
    await page.click('[data-elder-switch]');
    const elder = await metrics(page);
    assert.ok(elder.elder && !normal.elder);
    assert.ok(elder.size / normal.size >= 1.3, `type ${normal.size}px → ${elder.size}px`);
    assert.ok(elder.leading > normal.leading && elder.leading >= 2, `line height ${normal.leading} → ${elder.leading}`);
    assert.equal(await page.getAttribute('[data-elder-switch]', 'aria-pressed'), 'true');
    // Remembered on the next page, and switched off again there.
    await page.goto(url('campaigns/'), { waitUntil: 'load' });
    assert.ok((await metrics(page)).elder, 'remembered across pages');
    await page.click('[data-elder-switch]');
    await page.goto(url(''), { waitUntil: 'load' });
    assert.ok(!(await metrics(page)).elder, 'switched off stays off');
  } finally {
    await context.close();
  }
});

test('without JavaScript the switch still turns elder mode on', async () => {
  const { context, page } = await open(browser, 'reports/dongguang-r7-midterm/', { width: 360, javaScriptEnabled: false });
  try {
    const normal = await metrics(page);
    await page.click('[data-elder-switch]');
    const elder = await metrics(page);
    assert.ok(elder.size / normal.size >= 1.3, `type ${normal.size}px → ${elder.size}px without JavaScript`);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-elder-nojs-360.png'), fullPage: false });
  } finally {
    await context.close();
  }
});
