// The 简报 of each campaign printed by Chromium: an A4 PDF of one or two
// pages with the title block (简报, 第N期, issuing unit, date) and its
// charts on the first page; a screenshot of the sheet at 360 px and 1280 px;
// and the WeChat article at 360 px (a phone, as the 公众号 editor shows it)
// with no sideways scrolling. The example site makes print pages by default.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { SCREENSHOTS, launch, open } from './lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const JIANBAO = 'campaigns/dongguang-2021-r7/jianbao/';

/** Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;

test('the 简报 prints to one or two A4 pages', async () => {
  const { context, page, problems } = await open(browser, JIANBAO);
  try {
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(SCREENSHOTS, 'jianbao.pdf'), pdf);
    const pages = pdfPages(pdf);
    assert.ok(pages >= 1 && pages <= 2, `the 简报 printed to ${pages} pages`);
    const head = await page.locator('.masthead').innerText();
    assert.match(head, /简报/);
    assert.match(head, /第\d+期/);
    assert.match(head, /\d{4}年\d{1,2}月\d{1,2}日/);
    assert.ok(await page.locator('.charts svg').count() >= 1, 'the charts are on the sheet');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

for (const width of [360, 1280]) {
  test(`the 简报 and a WeChat article at ${width}px`, async () => {
    for (const [name, path] of [['jianbao', JIANBAO], ['wechat', 'wechat/reports-dongguang-r7-midterm.html']]) {
      const { context, page, problems } = await open(browser, path, { width });
      try {
        await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
        assert.deepEqual(problems, []);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px`);
        if (name === 'wechat') {
          const charts = await page.locator('img[src^="img/"]').evaluateAll((imgs) => imgs.map((i) => i.naturalWidth));
          assert.ok(charts.length > 0 && charts.every((w) => w >= 960), `chart PNGs: ${charts}`);
        }
      } finally {
        await context.close();
      }
    }
  });
}
