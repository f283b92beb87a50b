// Browser test of the step forms that guide (issue 11, gaps in guidance 2-4),
// headless Debian Chromium driven by playwright-core:
//   - the subject form adapts as the nature changes (static/js/app.js): an
//     enterprise is offered no passport, an individual no credit code; an
//     individual's principal ID (the subject's own) and the organisation-only
//     fields hide; the office phone's required mark follows the nature;
//     "法定代表人即主体负责人" hides the legal representative's fields;
//   - a form with several mistakes, one of them a rule across fields, comes
//     back with all of them at once, the focus on the first, and each field
//     in error with aria-invalid and aria-describedby naming its message;
//   - leaving the form with unsaved changes asks first (beforeunload), and
//     saving it does not;
//   - in English, the district list is in English.
//
// Usage: node forms.test.mjs BASE_URL
// Environment:
//   REVIEWER_PASSWORD  password of reviewer1 (required: approves the account)
//   ARTIFACT_DIR       where screenshots go (default ./artifacts)
//   CHROMIUM           browser binary (default /usr/bin/chromium)
// Exit status: 0 when every check passed, 1 otherwise.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { apiOk, harness, submitAndWait } from './harness.mjs';

const BASE = (process.argv[2] || process.env.BASE_URL || '').replace(/\/$/, '');
const REVIEWER_PASSWORD = process.env.REVIEWER_PASSWORD || '';
const OUT = resolve(process.env.ARTIFACT_DIR || 'artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 15000;

if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE) || !REVIEWER_PASSWORD) {
  console.error('usage: REVIEWER_PASSWORD=... node forms.test.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });

const suffix = Date.now().toString(36).slice(-5);
const CUSTOMER = { login: `fcust-${suffix}`, password: 'Forms-pass-2026' };

const h = harness({ title: 'forms browser test', out: OUT, timeout: TIMEOUT, prefix: 'forms-' });
const { check, watch, step } = h;

// What the page shows of a field (its div is hidden or not).
const shown = (page, key) => page.locator(`#f-${key}`).isVisible();
// The values of the options of a select that can be chosen.
const choosable = (page, key) => page.locator(`#i-${key} option:not([disabled])`).evaluateAll(
  (os) => os.map((o) => o.value).filter((v) => v));
const reqMarked = (page, key) => page.locator(`#f-${key} .req`).isVisible();

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  chromiumSandbox: false,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const desktop = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN', baseURL: BASE };
const ctx = await browser.newContext(desktop);
const staffCtx = await browser.newContext(desktop);
const page = await ctx.newPage();
watch(page, 'customer');
const dialogs = [];
page.on('dialog', async (d) => {
  dialogs.push(d.type());
  await d.dismiss().catch(() => {});
});
let subjectUrl = '';

try {
  await step('F1 an approved customer starts a first filing from the overview', async () => {
    await apiOk(staffCtx, 'POST', '/api/v1/session', { login: 'reviewer1', password: REVIEWER_PASSWORD }, 200);
    await apiOk(ctx, 'POST', '/api/v1/accounts', {
      account_type: 'individual', login: CUSTOMER.login, display_name: '陈晨',
      email: `${CUSTOMER.login}@example.com`, mobile: '13700001357',
      password: CUSTOMER.password, password2: CUSTOMER.password, agree: true,
    }, 201);
    const pending = await apiOk(staffCtx, 'GET', '/api/v1/accounts?status=pending', undefined, 200);
    const mine = (pending.accounts || []).find((a) => a.login === CUSTOMER.login);
    check(mine, `pending account ${CUSTOMER.login} listed`);
    await apiOk(staffCtx, 'POST', `/api/v1/accounts/${mine.id}/approve`, {}, 200);
    await apiOk(ctx, 'POST', '/api/v1/session', { login: CUSTOMER.login, password: CUSTOMER.password }, 200);
    await page.goto('/portal');
    await submitAndWait(page, page.getByRole('button', { name: '开始首次备案' }));
    subjectUrl = new URL(page.url()).pathname;
    check(/\/steps\/subject$/.test(subjectUrl), `the subject step, got ${subjectUrl}`);
  });

  await step('F2 the certificate types and the fields follow the nature', async () => {
    await page.selectOption('#i-subject_nature', 'enterprise');
    let certs = await choosable(page, 'subject_cert_type');
    check(certs.join() === 'uscc', `an enterprise is offered the credit code only, got ${certs}`);
    check(await reqMarked(page, 'principal_landline'), 'office phone marked required for an enterprise');
    check(await shown(page, 'legal_name'), 'the legal representative shows for an enterprise');
    check(await shown(page, 'principal_id_number'), "an enterprise's principal types an ID");
    await page.selectOption('#i-subject_nature', 'individual');
    certs = await choosable(page, 'subject_cert_type');
    check(!certs.includes('uscc') && certs.includes('id_card') && certs.includes('passport'),
      `an individual is offered personal IDs only, got ${certs}`);
    check(!(await reqMarked(page, 'principal_landline')), 'office phone not required for an individual');
    check(!(await shown(page, 'legal_name')), 'no legal representative for an individual');
    check(!(await shown(page, 'principal_id_number')), "an individual's ID is typed once (as the subject's)");
    check(!(await shown(page, 'principal_id_type')), "nor its type");
    await page.selectOption('#i-subject_nature', 'enterprise');
    await page.locator('#i-legal_same').check();
    check(!(await shown(page, 'legal_name')) && !(await shown(page, 'legal_id_number')),
      '法定代表人即主体负责人 hides the repeated fields');
    await page.locator('#i-legal_same').uncheck();
    check(await shown(page, 'legal_name'), 'unticked, they show again');
    await page.locator('#i-legal_same').check();
  });

  await step('F3 several mistakes come back at once: focus on the first, aria on each', async () => {
    await page.selectOption('#i-subject_province', '110000');
    await page.locator('#i-subject_city option[value="110100"]').waitFor({ state: 'attached' });
    await page.selectOption('#i-subject_city', '110100');
    await page.locator('#i-subject_district option[value="110105"]').waitFor({ state: 'attached' });
    await page.selectOption('#i-subject_district', '110105');
    await page.selectOption('#i-subject_cert_type', 'uscc');
    await page.fill('#i-subject_cert_number', '91110000802100433B');
    await page.fill('#i-subject_name', '北京表单浏览器测试有限公司');
    await page.fill('#i-subject_address', '朝阳区建国路 88 号 9 层');
    await page.fill('#i-subject_investor', '北京表单浏览器测试有限公司');
    await page.fill('#i-principal_name', '陈晨');
    await page.selectOption('#i-principal_id_type', 'id_card');
    await page.fill('#i-principal_id_number', '110105198503151230');
    await page.fill('#i-principal_id_expiry', '长期');
    await page.fill('#i-principal_mobile', '13712345678');
    await page.fill('#i-principal_landline', '010-65001234');
    await page.fill('#i-principal_emergency', '13712345678'); // the own mobile: a rule across fields
    await page.fill('#i-principal_email', 'not-an-email');   // a field's own rule
    const res = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: '保存并继续' }).click()]).then(([r]) => r);
    check(res.status() === 400, `the form comes back with 400, got ${res.status()}`);
    const bad = await page.locator('.field.has-error').evaluateAll((ds) => ds.map((d) => d.id));
    check(bad.includes('f-principal_email') && bad.includes('f-principal_emergency'),
      `both mistakes in one round, got ${bad}`);
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      const first = document.querySelector('form [aria-invalid="true"]');
      return { same: el === first, id: el && el.id, invalid: el && el.getAttribute('aria-invalid') };
    });
    check(focus.same && focus.invalid === 'true', `the focus is on the first field in error, got ${JSON.stringify(focus)}`);
    for (const key of ['principal_email', 'principal_emergency']) {
      const input = page.locator(`#i-${key}`);
      check((await input.getAttribute('aria-invalid')) === 'true', `${key}: aria-invalid`);
      const ids = ((await input.getAttribute('aria-describedby')) || '').split(' ');
      check(ids.includes(`e-${key}`), `${key}: aria-describedby names e-${key}, got ${ids}`);
      const msg = (await page.locator(`#e-${key}`).innerText()).trim();
      check(msg.length > 4, `${key}: its message is there ("${msg}")`);
    }
    check(/应急联系电话不能与本人手机号码相同/.test(await page.locator('#e-principal_emergency').innerText()),
      'the emergency phone says why');
    check(await page.locator('#i-subject_name').inputValue() === '北京表单浏览器测试有限公司', 'what was typed is kept');
    // The page came back as an enterprise's: an individual's IDs are offered
    // as soon as the nature changes, without a reload.
    await page.selectOption('#i-subject_nature', 'individual');
    const certs = await choosable(page, 'subject_cert_type');
    check(!certs.includes('uscc') && certs.includes('id_card'),
      `after a round trip as an enterprise, an individual is offered personal IDs, got ${certs}`);
    await page.selectOption('#i-subject_nature', 'enterprise');
    await page.selectOption('#i-subject_cert_type', 'uscc');
  });

  await step('F3b leaving the error page loses nothing: back on the step, the typed input and its errors', async () => {
    await page.goto('/portal');
    await page.goto(subjectUrl);
    await page.locator('#draft-note').waitFor();
    const note = await page.locator('#draft-note').innerText();
    check(note.includes('尚未保存'), `a note that it is not saved, got ${note}`);
    check(await page.inputValue('#i-principal_email') === 'not-an-email', 'the typed e-mail is back');
    check(await page.inputValue('#i-subject_name') === '北京表单浏览器测试有限公司', 'the typed name is back');
    const bad = await page.locator('.field.has-error').evaluateAll((ds) => ds.map((d) => d.id));
    check(bad.includes('f-principal_email') && bad.includes('f-principal_emergency'),
      `its errors shown again, got ${bad}`);
  });

  await step('F4 leaving with unsaved changes asks first; saving does not', async () => {
    await page.fill('#i-principal_emergency', '13798765432');
    const before = dialogs.length;
    await page.locator('ol.steps a', { hasText: '网站信息' }).click();
    await page.waitForTimeout(500);
    check(dialogs.length === before + 1 && dialogs[dialogs.length - 1] === 'beforeunload',
      `a beforeunload question, got ${dialogs.slice(before)}`);
    check(new URL(page.url()).pathname === subjectUrl, `stayed on the form, at ${page.url()}`);
    await page.fill('#i-principal_email', 'chenchen@example.com');
    const n = dialogs.length;
    await submitAndWait(page, page.getByRole('button', { name: '保存并继续' }));
    check(/\/steps\/site$/.test(new URL(page.url()).pathname), `saved, on the site step, got ${page.url()}`);
    check(dialogs.length === n, `no question when saving, got ${dialogs.slice(n)}`);
  });

  await step('F5 in English, the districts are named in English', async () => {
    await page.goto(`/lang/en?next=${encodeURIComponent(subjectUrl)}`);
    await page.locator('#i-subject_district option[value="110105"]').waitFor({ state: 'attached' });
    // The server writes the saved lists in the page's language (app.js refills
    // them from /api/v1/regions, name_en, when the parent changes).
    await page.waitForFunction(() => {
      const o = document.querySelector('#i-subject_district option[value="110105"]');
      return o && o.textContent === 'Chaoyang District';
    });
    const city = await page.locator('#i-subject_city option[value="110100"]').innerText();
    check(/^[\x20-\x7e]+$/.test(city), `the city in English, got ${city}`);
    await page.screenshot({ path: join(OUT, 'forms-subject-en.png'), fullPage: true });
    await page.goto(`/lang/zh?next=/portal`);
  });
} catch {
  // Reported by step(); later steps depend on earlier ones.
} finally {
  await browser.close().catch(() => {});
}

h.finish();
