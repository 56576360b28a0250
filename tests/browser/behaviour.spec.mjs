// What a person does with the theme beyond looking at it: the keyboard (skip
// link first, focus always visible), JavaScript switched off, and printing a
// bulletin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, launch, open } from './lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The focused element's outline / box-shadow and its box. */
const focusState = (page) => page.evaluate(() => {
  const el = document.activeElement;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), text: el.textContent.trim(), href: el.getAttribute('href'),
    outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
    shadow: cs.boxShadow !== 'none',
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.left < innerWidth,
  };
});

test('the first Tab shows the skip link, which moves focus to the main content', async () => {
  for (const width of [360, 1280]) {
    const { context, page } = await open(browser, 'reports/dongguang-r7-midterm/', { width });
    try {
      await page.keyboard.press('Tab');
      const f = await focusState(page);
      assert.equal(f.href, '#main', 'the first focusable element is the skip link');
      assert.ok(f.visible, 'the focused skip link is on screen');
      assert.ok(f.outline || f.shadow, 'the focused skip link has a visible focus ring');
      await page.screenshot({ path: join(SCREENSHOTS, `focus-skip-link-${width}.png`) });
      await page.keyboard.press('Enter');
      const target = await page.evaluate(() => document.activeElement.id || document.activeElement.closest('main')?.id);
      assert.equal(target, 'main', 'after the skip link, focus is in <main>');
      assert.equal(await page.locator('main').count(), 1);
      assert.equal(await page.locator('header.masthead, body > header').count() >= 1, true, 'a banner landmark');
      assert.equal(await page.locator('footer').count() >= 1, true, 'a contentinfo landmark');
    } finally {
      await context.close();
    }
  }
});

test('every link and control in the first 40 Tab stops has a visible focus ring', async () => {
  const { context, page } = await open(browser, 'campaigns/dongguang-2021-r7/', { width: 1280 });
  try {
    const bad = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const f = await focusState(page);
      if (f.tag === 'body') break;
      if (!(f.outline || f.shadow)) bad.push(`${f.tag} ${f.text.slice(0, 20)}`);
      if (i === 8) await page.screenshot({ path: join(SCREENSHOTS, 'focus-nav-1280.png') });
    }
    assert.deepEqual(bad, [], 'focused elements without a visible focus ring');
  } finally {
    await context.close();
  }
});

test('with JavaScript off the home page, a report and a campaign show their content', async () => {
  for (const path of ['', 'reports/dongguang-r7-midterm/', 'campaigns/dongguang-2021-r7/']) {
    const { context, page, problems } = await open(browser, path, { width: 1280, javaScriptEnabled: false });
    try {
      assert.deepEqual(problems, []);
      assert.ok(await page.locator('nav[aria-label] a').count() >= 5, 'the navigation is there');
      assert.ok((await page.locator('main').innerText()).length > 100, 'the main content is there');
    } finally {
      await context.close();
    }
  }
});

test('the search page says what to do without JavaScript', async () => {
  const { context, page } = await open(browser, 'search/', { width: 1280, javaScriptEnabled: false });
  try {
    assert.ok(await page.locator('main a[href]').count() >= 1, 'the search page offers a way on without JavaScript');
  } finally {
    await context.close();
  }
});

test('printing a bulletin hides the site chrome and keeps the article', async () => {
  const { context, page } = await open(browser, 'reports/dongguang-r7-midterm/', { width: 800 });
  try {
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => ({
      nav: [...document.querySelectorAll('.site-nav, .breadcrumb, .skip-link')].some((e) => getComputedStyle(e).display !== 'none'),
      title: getComputedStyle(document.querySelector('h1')).display !== 'none',
    }));
    assert.equal(shown.nav, false, 'navigation is hidden in print');
    assert.equal(shown.title, true, 'the title prints');
    await page.screenshot({ path: join(SCREENSHOTS, 'print-report.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    assert.ok(pdf.length > 10000, 'a PDF came out');
  } finally {
    await context.close();
  }
});
