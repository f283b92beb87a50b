// Browser test (issue 11, accessibility): a whole first filing carried by
// the keyboard alone — Tab to reach a control, typing, Space for boxes and
// the file chooser, arrow keys in selects and radio groups, Enter on
// buttons; no clicks. On the way: the skip link (跳到主要内容) is the first
// stop of every page and moves focus to the main content; the side menu
// and the stepper carry aria-current; focused controls show a visible
// outline. The new verify & submit page is photographed at 1366 and 390
// pixels wide into ARTIFACT_DIR.
//
// Usage: REVIEWER_PASSWORD=... node keyboard.test.mjs BASE_URL
// Environment: ARTIFACT_DIR (default ./artifacts), CHROMIUM, SLOW_MO=ms.
// Exit status: 0 when every check passed, 1 otherwise.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { harness } from './harness.mjs';
import { makePng } from './png.mjs';

const BASE = (process.argv[2] || process.env.BASE_URL || '').replace(/\/$/, '');
const REVIEWER_PASSWORD = process.env.REVIEWER_PASSWORD || '';
const OUT = resolve(process.env.ARTIFACT_DIR || 'artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 15000;

if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE) || !REVIEWER_PASSWORD) {
  console.error('usage: REVIEWER_PASSWORD=... node keyboard.test.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });

// A fresh USCC per run (GB 32100 and GB 11714 check characters), so that
// this subject is nobody else's on the server.
function usccFor(seed) {
  const org = String(seed % 100000000).padStart(8, '0');
  const w11714 = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) s += Number(org[i]) * w11714[i];
  const c = 11 - (s % 11);
  const orgCode = org + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
  const body = '91110105' + orgCode;
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body[i]) * w[i];
  return body + alphabet[(31 - (sum % 31)) % 31];
}

// A resident ID number (GB 11643 check character) of someone born on a
// day of 1990 picked by seed: nobody else's on the server.
function idFor(seed) {
  const day = String(1 + (seed % 28)).padStart(2, '0');
  const body = `11010519900${1 + (seed % 9)}${day}${String(100 + (seed % 900)).slice(-3)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * w[i];
  return body + '10X98765432'[sum % 11];
}

const suffix = Date.now().toString(36).slice(-5);
const CUSTOMER = {
  login: `kbd-${suffix}`, name: '北京键盘测试科技有限公司', email: `kbd-${suffix}@example.com`,
  mobile: '13812340002', password: 'Keyboard-pass-2026',
};
const DOMAIN = `kbd-${suffix}.cn`;

const h = harness({ title: 'keyboard test', out: OUT, timeout: TIMEOUT });
const { check, watch, shot, step } = h;

// ---------------------------------------------------------------------------
// The keyboard: Tab until the focused element is the one wanted.

// want: { sel, text?, row? }: the element matches the CSS selector sel, its
// text or aria-label contains text, its row (tr) contains row.
async function focused(page, want) {
  return page.evaluate((w) => {
    const a = document.activeElement;
    if (!a || a === document.body || !a.matches(w.sel)) return false;
    const name = `${a.innerText || ''} ${a.getAttribute('aria-label') || ''}`;
    if (w.text && !name.includes(w.text)) return false;
    if (w.row && !(a.closest('tr')?.innerText || '').includes(w.row)) return false;
    return true;
  }, want);
}

async function tabTo(page, want, max = 250) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await focused(page, want)) return;
  }
  throw new Error(`Tab never reached ${JSON.stringify(want)} in ${max} presses`);
}

async function typeInto(page, sel, text) {
  await tabTo(page, { sel });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  const got = await page.evaluate(() => document.activeElement.value);
  check(got === text, `${sel} holds "${text}", has "${got}"`);
}

// The focused <select>: arrow keys to the option of value (or label).
async function choose(page, sel, { value, label }) {
  await tabTo(page, { sel });
  const [idx, cur] = await page.evaluate(([v, l]) => {
    const s = document.activeElement;
    return [[...s.options].findIndex((o) => (v ? o.value === v : o.textContent.trim() === l)), s.selectedIndex];
  }, [value, label]);
  check(idx >= 0, `${sel} has the option ${value || label}`);
  for (let k = cur; k < idx; k++) await page.keyboard.press('ArrowDown');
  for (let k = cur; k > idx; k--) await page.keyboard.press('ArrowUp');
  const got = await page.evaluate(() => document.activeElement.selectedIndex);
  check(got === idx, `${sel}: option ${value || label} chosen by the arrow keys (${got} != ${idx})`);
}

async function tick(page, sel) {
  await tabTo(page, { sel });
  if (!(await page.evaluate(() => document.activeElement.checked))) await page.keyboard.press('Space');
  check(await page.evaluate(() => document.activeElement.checked), `${sel} ticked with Space`);
}

async function pressAndWait(page, key = 'Enter') {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
}

async function submitBy(page, text) {
  await tabTo(page, { sel: 'main button[type=submit], main button:not([type])', text });
  await pressAndWait(page);
}

// A visible focus ring on the focused element (issue 11: visible focus).
async function ringVisible(page, what) {
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0 };
  });
  check(ring.style !== 'none' && ring.width >= 2, `${what} shows a focus outline (${ring.style} ${ring.width}px)`);
}

// The first Tab of a page reaches the skip link; Enter puts focus in <main>.
async function skipLink(page) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Tab');
  const link = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { cls: a.className, text: a.textContent.trim(), top: r.top, h: r.height };
  });
  check(link.cls.includes('skip-link') && link.text === '跳到主要内容', `the first Tab reaches 跳到主要内容 (got ${JSON.stringify(link)})`);
  check(link.top >= 0 && link.h > 0, 'the skip link is visible once focused');
  await ringVisible(page, 'the skip link');
  await page.keyboard.press('Enter');
  check(await page.evaluate(() => document.activeElement?.id === 'main'), 'Enter on the skip link moves focus to <main>');
}

// The form's controls in the order given by fields, sorted by their place in
// the page, so that Tab only moves forward.
async function fillForm(page, fields) {
  const order = await page.evaluate((sels) => sels.map((s) => {
    const el = document.querySelector(s);
    if (!el) return -1;
    return [...document.querySelectorAll('input, select, textarea, button')].indexOf(el);
  }), fields.map((f) => f.sel));
  fields.forEach((f, i) => { f.at = order[i]; });
  const missing = fields.filter((f) => f.at < 0).map((f) => f.sel);
  check(missing.length === 0, `fields on the page: ${missing.join(', ')}`);
  await page.evaluate(() => document.activeElement?.blur());
  for (const f of fields.sort((a, b) => a.at - b.at)) {
    if (f.type) await typeInto(page, f.sel, f.type);
    else if (f.choose) await choose(page, f.sel, f.choose);
    else if (f.tick) await tick(page, f.sel);
    if (f.after) await f.after();
  }
}

// ---------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true, chromiumSandbox: false,
  slowMo: Number(process.env.SLOW_MO || 0),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const desktop = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN', baseURL: BASE };
const ctx = await browser.newContext(desktop);
const staffCtx = await browser.newContext(desktop);
const page = await ctx.newPage();
watch(page, 'customer');
let appUrl = '';

try {
  await step('K1 register by keyboard (skip link first)', async () => {
    await page.goto('/register');
    await skipLink(page);
    await tabTo(page, { sel: 'input[name=account_type]' });
    while (await page.evaluate(() => document.activeElement.value) !== 'organisation') await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    check(await page.evaluate(() => document.activeElement.checked), 'the organisation radio chosen with the arrow keys');
    await fillForm(page, [
      { sel: '#login', type: CUSTOMER.login }, { sel: '#display_name', type: CUSTOMER.name },
      { sel: '#email', type: CUSTOMER.email }, { sel: '#mobile', type: CUSTOMER.mobile },
      { sel: '#password', type: CUSTOMER.password }, { sel: '#password2', type: CUSTOMER.password },
      { sel: 'input[name=agree]', tick: true },
    ]);
    await tabTo(page, { sel: 'main button', text: '提交注册' });
    await ringVisible(page, 'the submit button');
    await pressAndWait(page);
    await page.getByRole('heading', { name: '注册成功，等待审核' }).waitFor();
  });

  await step('K2 the reviewer approves it, by keyboard too', async () => {
    const staff = await staffCtx.newPage();
    watch(staff, 'reviewer');
    await staff.goto('/login');
    await fillForm(staff, [{ sel: '#login', type: 'reviewer1' }, { sel: '#password', type: REVIEWER_PASSWORD }]);
    await submitBy(staff, '登录');
    await staff.goto('/staff/accounts');
    await tabTo(staff, { sel: 'button', text: '通过', row: CUSTOMER.login });
    await pressAndWait(staff);
    await staff.close();
  });

  await step('K3 log in and start a first filing (aria-current in the menu)', async () => {
    await page.goto('/login');
    await fillForm(page, [{ sel: '#login', type: CUSTOMER.login }, { sel: '#password', type: CUSTOMER.password }]);
    await submitBy(page, '登录');
    check(new URL(page.url()).pathname === '/portal', `on /portal, got ${page.url()}`);
    const current = await page.locator('.sidenav a[aria-current=page]').allInnerTexts();
    check(current.length === 1 && current[0].trim() === '备案概览', `the menu marks 备案概览 as the current page (${current.join('|')})`);
    await skipLink(page);
    await submitBy(page, '开始首次备案');
    check(/\/steps\/subject$/.test(new URL(page.url()).pathname), `subject step, got ${page.url()}`);
    appUrl = new URL(page.url()).pathname.replace(/\/steps\/subject$/, '');
    check(await page.locator('ol.steps li[aria-current=step]').count() === 1, 'the stepper marks the current step');
  });

  await step('K4 the subject step by keyboard (region selects with the arrow keys)', async () => {
    const child = (id, value) => async () => {
      await page.locator(`#${id} option[value="${value}"]`).waitFor({ state: 'attached' });
    };
    await fillForm(page, [
      { sel: '#i-subject_province', choose: { value: '110000' }, after: child('i-subject_city', '110100') },
      { sel: '#i-subject_city', choose: { value: '110100' }, after: child('i-subject_district', '110105') },
      { sel: '#i-subject_district', choose: { value: '110105' } },
      { sel: '#i-subject_nature', choose: { value: 'enterprise' } },
      { sel: '#i-subject_cert_type', choose: { value: 'uscc' } },
      { sel: '#i-subject_cert_number', type: usccFor(Date.now()) },
      { sel: '#i-subject_name', type: CUSTOMER.name },
      { sel: '#i-subject_address', type: '北京市朝阳区建国路 88 号 10 层' },
      { sel: '#i-subject_investor', type: CUSTOMER.name },
      { sel: '#i-principal_name', type: '李四' },
      { sel: '#i-principal_id_type', choose: { value: 'id_card' } },
      { sel: '#i-principal_id_number', type: idFor(Date.now()) },
      { sel: '#i-principal_id_expiry', type: '2035-03-15' },
      { sel: '#i-principal_mobile', type: '13812345679' },
      { sel: '#i-principal_landline', type: '010-65001235' },
      { sel: '#i-principal_emergency', type: '13900001112' },
      { sel: '#i-principal_email', type: 'lisi@example.com' },
      { sel: 'input[name=legal_same]', tick: true },
    ]);
    await submitBy(page, '保存并继续');
    check(/\/steps\/site$/.test(new URL(page.url()).pathname), `site step, got ${page.url()} (${await page.locator('.field.has-error').allInnerTexts()})`);
  });

  await step('K5 the site and access steps by keyboard', async () => {
    await fillForm(page, [
      { sel: '#i-site_name', type: '键盘测试官方网站' },
      { sel: '#i-site_domain', type: DOMAIN },
      { sel: '#i-site_home_url', type: `https://www.${DOMAIN}/` },
      { sel: 'input[name=site_services][value=portal]', tick: true },
      { sel: 'input[name=site_languages][value=zh_hans]', tick: true },
      { sel: '#i-site_description', type: '本网站介绍我们公司的产品、服务与联系方式，不涉及前置审批内容。' },
      { sel: 'input[name=site_principal_same]', tick: true },
    ]);
    await submitBy(page, '保存并继续');
    check(/\/steps\/access$/.test(new URL(page.url()).pathname), `access step, got ${page.url()} (${await page.locator('.field.has-error').allInnerTexts()})`);
    await fillForm(page, [
      { sel: '#i-access_ips', type: '203.119.10.9' },
      { sel: '#i-access_method', choose: { label: '虚拟主机' } },
    ]);
    await submitBy(page, '保存并继续');
    check(new URL(page.url()).pathname === appUrl, `the application page ${appUrl}, got ${page.url()}`);
  });

  await step('K6 verify & submit: the checklist, a scan chosen and sent by keyboard', async () => {
    const count = page.locator('[data-scan-count]');
    const before = await count.getAttribute('data-scan-count');
    check(/^0\/\d+$/.test(before), `no scan yet (${before})`);
    check(await page.locator('li[data-item="verification_form"] a[data-print]').count() === 1, 'the verification form prints from its item');
    await skipLink(page);
    await tabTo(page, { sel: 'li[data-slot="licence_copy"] input[type=file]' });
    await ringVisible(page, 'the file input');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles({ name: 'licence.png', mimeType: 'image/png', buffer: makePng(300, 200) });
    await tabTo(page, { sel: 'li[data-slot="licence_copy"] button[type=submit]', text: '上传' }, 3);
    await pressAndWait(page);
    await page.locator('li[data-slot="licence_copy"] a', { hasText: 'licence.png' }).waitFor();
    await page.locator('[role=status]', { hasText: '已上传' }).waitFor();
    const after = await count.getAttribute('data-scan-count');
    check(after === before.replace(/^0/, '1'), `the count follows: ${before} -> ${after}`);
    check(await page.locator('li[data-slot="licence_copy"] [data-state=done]').count() === 1, 'the licence item says 已上传');
    check(await page.locator('[data-scans-missing=warn]').count() === 1, 'the submit box warns of the scans still missing');
  });

  await step('K7 screenshots of verify & submit at 1366 and 390 px', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    console.log(`     screenshot: ${await shot(page, 'verify-submit-1366')}`);
    await page.setViewportSize({ width: 390, height: 844 });
    const wide = await page.evaluate(() => {
      const m = document.querySelector('#materials');
      return m.scrollWidth - m.clientWidth;
    });
    check(wide <= 0, `the checklist fits 390 px (${wide} px too wide)`);
    console.log(`     screenshot: ${await shot(page, 'verify-submit-390')}`);
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  await step('K8 submit by keyboard; the slots still empty stay open', async () => {
    await page.evaluate(() => document.activeElement?.blur());
    await submitBy(page, '确认信息无误，提交');
    const badge = (await page.locator('.card dl.kv .badge').first().innerText()).trim();
    check(badge === '待接入商核实', `state 待接入商核实, got "${badge}"`);
    await page.locator('[role=status]', { hasText: '已提交至接入商核实' }).waitFor();
    check(await page.locator('li[data-slot="licence_copy"] form.upload').count() === 0, 'the licence slot is closed');
    check(await page.locator('li[data-slot] form.upload').count() > 0, 'the slots without a scan stay open');
  });
} catch {
  // Reported by step(); later steps need the earlier ones.
} finally {
  await browser.close().catch(() => {});
}

h.finish();
