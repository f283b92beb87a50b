// Browser test of the reviewer's day (issue 8), headless Debian Chromium
// driven by playwright-core. A customer's first filing is made ready through
// the JSON API (the portal test covers those pages); then, in the browser:
// the reviewer finds it in the queue, claims it, ticks the paper materials,
// uploads the on-site photo and records the verification, records the call,
// and returns one field with a standard return reason (filled into the form
// by static/js/app.js, then edited); the customer sees the reason, fixes
// that field and resubmits with a note; it comes back to the same reviewer
// (resubmitted queue, claimed by them, the note first), who passes it. Then
// an admin opens every admin page once.
//
// Usage: node review.test.mjs BASE_URL
// Environment:
//   REVIEWER_PASSWORD  password of reviewer1 (required)
//   ADMIN_PASSWORD     password of admin1 (required)
//   ARTIFACT_DIR       where screenshots go (default ./artifacts)
//   CHROMIUM           browser binary (default /usr/bin/chromium)
//   SITE_DOMAIN        the site's domain (default example-review.cn)
// Exit status: 0 when every check passed, 1 otherwise.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { api, apiOk, harness, submitAndWait } from './harness.mjs';
import { makePng } from './png.mjs';

const BASE = (process.argv[2] || process.env.BASE_URL || '').replace(/\/$/, '');
const REVIEWER_PASSWORD = process.env.REVIEWER_PASSWORD || '';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || '';
const OUT = resolve(process.env.ARTIFACT_DIR || 'artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DOMAIN = process.env.SITE_DOMAIN || 'example-review.cn';
const TIMEOUT = 15000;

if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE) || !REVIEWER_PASSWORD || !ADMIN_PASSWORD) {
  console.error('usage: REVIEWER_PASSWORD=... ADMIN_PASSWORD=... node review.test.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });

// An individual in Shanghai (valid checksums; as tests/e2e/filing_data.h).
const suffix = Date.now().toString(36).slice(-5);
const CUSTOMER = { login: `rcust-${suffix}`, password: 'Review-pass-2026' };
const SUBJECT = {
  subject_province: '310000', subject_city: '310100', subject_district: '310115',
  subject_nature: 'individual', subject_cert_type: 'id_card', subject_cert_number: '310115199206200045',
  subject_name: '王芳', subject_address: '上海市浦东新区世纪大道 100 号', principal_name: '王芳',
  principal_id_type: 'id_card', principal_id_number: '310115199206200045', principal_id_expiry: '长期',
  principal_mobile: '13611112222', principal_emergency: '13633334444', principal_email: 'wangfang@example.com',
};
const SITE = {
  site_name: '王芳的读书笔记', site_domain: DOMAIN, site_home_url: `https://www.${DOMAIN}/`,
  site_services: ['portal'], site_languages: ['zh_hans'],
  site_description: '本网站记录我读过的书和读书心得，不涉及前置审批内容。', site_principal_same: true,
};
const ACCESS = { access_ips: ['203.119.10.8'], access_method: 'virtual_host' };
const FIXED_NAME = '王芳的读书心得分享';
const NOTE = '已按退回原因修改网站名称';

// ---------------------------------------------------------------------------
// Steps, browser errors, screenshots.

const h = harness({ title: 'review browser test', out: OUT, timeout: TIMEOUT, prefix: 'review-' });
const { check, watch, step } = h;

async function login(page, who, password) {
  await page.goto('/login');
  await page.getByLabel('登录名').fill(who);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await submitAndWait(page, page.locator('main').getByRole('button', { name: '登录' }));
  check(new URL(page.url()).pathname !== '/login', `${who} logged in (still on ${page.url()})`);
}

const badge = async (page) => (await page.locator('.review-head .badge, .card dl.kv .badge').first().innerText()).trim();

// ---------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  chromiumSandbox: false,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const desktop = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN', baseURL: BASE };
const customerCtx = await browser.newContext(desktop);
const staffCtx = await browser.newContext(desktop);
const adminCtx = await browser.newContext(desktop);
const staff = await staffCtx.newPage();
watch(staff, 'reviewer');
const customer = await customerCtx.newPage();
watch(customer, 'customer');
let appId = 0, number = '', reviewUrl = '', reasonText = '';

try {
  await step('R1 a customer files and submits (through the API)', async () => {
    await login(staff, 'reviewer1', REVIEWER_PASSWORD);
    const acc = await apiOk(customerCtx, 'POST', '/api/v1/accounts', {
      account_type: 'individual', login: CUSTOMER.login, display_name: '王芳',
      email: `${CUSTOMER.login}@example.com`, mobile: '13700009876',
      password: CUSTOMER.password, password2: CUSTOMER.password, agree: true,
    }, 201);
    // The registration's answer does not say the id (nor whether the e-mail
    // was known): the reviewer finds the pending account by its login.
    void acc;
    const pending = await apiOk(staffCtx, 'GET', '/api/v1/accounts?status=pending', undefined, 200);
    const mine = (pending.accounts || []).find((a) => a.login === CUSTOMER.login);
    check(mine, `pending account ${CUSTOMER.login} listed`);
    await apiOk(staffCtx, 'POST', `/api/v1/accounts/${mine.id}/approve`, {}, 200);
    await apiOk(customerCtx, 'POST', '/api/v1/session', { login: CUSTOMER.login, password: CUSTOMER.password }, 200);
    appId = (await apiOk(customerCtx, 'POST', '/api/v1/applications', { kind: 'first_filing', site_id: 0 }, 201)).id;
    await apiOk(customerCtx, 'POST', `/api/v1/applications/${appId}/steps/subject`, SUBJECT, 200);
    await apiOk(customerCtx, 'POST', `/api/v1/applications/${appId}/steps/site`, SITE, 200);
    await apiOk(customerCtx, 'POST', `/api/v1/applications/${appId}/steps/access`, ACCESS, 200);
    await apiOk(customerCtx, 'POST', `/api/v1/applications/${appId}/files`, undefined, 201, {
      slot: 'verification_form',
      file: { name: 'verification.png', mimeType: 'image/png', buffer: makePng(600, 400) },
    });
    await apiOk(customerCtx, 'POST', `/api/v1/applications/${appId}/submit`, { note: '纸质材料已寄出' }, 200);
    const app = await apiOk(customerCtx, 'GET', `/api/v1/applications/${appId}`, undefined, 200);
    check(app.state === 'provider_review', `submitted, got ${app.state}`);
    number = app.number;
    check(/^A/.test(number || ''), `an application number, got ${number}`);
  });

  await step('R2 the reviewer finds it in the queue (unclaimed) and opens it', async () => {
    await staff.goto('/staff');
    await staff.getByRole('heading', { name: '工作台' }).waitFor();
    await staff.goto(`/staff/queue?queue=new&claim=unclaimed&q=${encodeURIComponent(DOMAIN)}`);
    const link = staff.locator('table.list a', { hasText: number });
    check(await link.count() === 1, `one queue row for ${number}`);
    await submitAndWait(staff, link);
    reviewUrl = new URL(staff.url()).pathname;
    check(reviewUrl === `/staff/applications/${appId}`, `the review page, got ${reviewUrl}`);
    check((await badge(staff)) === '待接入商核实', `state 待接入商核实, got ${await badge(staff)}`);
  });

  await step('R3 claim', async () => {
    await submitAndWait(staff, staff.getByRole('button', { name: '认领', exact: true }));
    await staff.locator('[role=status]', { hasText: '已认领' }).waitFor();
    await staff.locator('.review-head dd strong', { hasText: '我' }).waitFor();
  });

  await step('R4 tick every paper material as received', async () => {
    const inputs = staff.locator('#materials input.copies');
    const n = await inputs.count();
    check(n >= 3, `at least 3 materials, found ${n}`);
    for (let i = 0; i < n; i++) await inputs.nth(i).fill(await inputs.nth(i).getAttribute('max'));
    await submitAndWait(staff, staff.getByRole('button', { name: '保存收件登记' }));
    await staff.locator('[role=status]', { hasText: '已记录收到的材料' }).waitFor();
    check(await staff.locator('#materials tr.done').count() === n, 'every material row complete');
    check(await staff.locator('#materials tr[data-item=verification_form] a.scan').count() === 1,
      'the verification form scan beside its item');
  });

  await step('R5 upload the on-site photo and record the verification', async () => {
    await staff.locator('#onsite input[type=file]').setInputFiles({ name: 'onsite.png', mimeType: 'image/png', buffer: makePng(800, 600) });
    await submitAndWait(staff, staff.getByRole('button', { name: '上传现场照片' }));
    await staff.locator('#onsite img.thumb').first().waitFor();
    check(await staff.locator('#photo_file_id option').count() === 1, 'the photo is offered');
    await staff.locator('#onsite').getByLabel('已现场核验（拍照）').check();
    await submitAndWait(staff, staff.getByRole('button', { name: '保存核验记录' }));
    await staff.locator('[role=status]', { hasText: '已记录现场核验' }).waitFor();
    await staff.locator('#onsite p strong', { hasText: '已现场核验' }).waitFor();
  });

  await step('R6 record the verification call', async () => {
    await staff.locator('#person').selectOption('subject_principal');
    await staff.locator('#outcome').selectOption('confirmed');
    await submitAndWait(staff, staff.locator('#calls').getByRole('button', { name: '记录' }));
    await staff.locator('#calls .badge.ok', { hasText: '本人确认信息属实' }).waitFor();
    await staff.locator('#decide .notice.ok').waitFor(); // nothing blocks a pass now
  });

  await step('R7 return the site name with a standard reason, edited', async () => {
    const row = staff.locator('.return-form .reason-row').first();
    await row.locator('select[name=field]').selectOption('site_name');
    const option = row.locator('select.std-reason option[data-field=site_name]').first();
    check(await option.count() === 1, 'a standard reason for the site name is offered');
    const id = await option.getAttribute('value');
    reasonText = await option.getAttribute('data-reason');
    await row.locator('select.std-reason').selectOption(id);
    // app.js filled the reason and suggestion; the reviewer rewrites the suggestion.
    check(await row.locator('input[name=reason]').inputValue() === reasonText, 'the reason is filled in');
    const suggested = await row.locator('input[name=suggestion]').inputValue();
    check(suggested.length > 0, 'the suggestion is filled in');
    await row.locator('input[name=suggestion]').fill('请改为能体现读书心得内容的名称');
    await staff.locator('.return-form').screenshot({ path: join(OUT, 'review-return-form.png') });
    await submitAndWait(staff, staff.locator('.return-form').getByRole('button', { name: '退回', exact: true }));
    await staff.locator('[role=status]', { hasText: '已退回客户修改' }).waitFor();
    check((await badge(staff)) === '接入商退回', `state 接入商退回, got ${await badge(staff)}`);
  });

  await step('R8 the customer sees the reason, fixes that field only, resubmits with a note', async () => {
    // Logged in already: the API session of R1 is this context's cookie.
    await customer.goto(`/portal/applications/${appId}`);
    const reasons = customer.locator('table', { has: customer.locator('th', { hasText: '修改建议' }) });
    await reasons.locator('td', { hasText: reasonText }).waitFor();
    await reasons.locator('td', { hasText: '请改为能体现读书心得内容的名称' }).waitFor();
    await submitAndWait(customer, reasons.getByRole('link', { name: '去修改' }));
    check(/\/steps\/site$/.test(new URL(customer.url()).pathname), `the site step, got ${customer.url()}`);
    check(await customer.locator('#i-site_domain').isDisabled(), 'the domain (not returned) is locked');
    await customer.locator('#i-site_name').fill(FIXED_NAME);
    await submitAndWait(customer, customer.getByRole('button', { name: '保存并继续' }));
    await customer.goto(`/portal/applications/${appId}`);
    await customer.locator('#note').fill(NOTE);
    await submitAndWait(customer, customer.getByRole('button', { name: '确认信息无误，提交' }));
    check(/待接入商核实/.test(await badge(customer)), `resubmitted, got ${await badge(customer)}`);
  });

  await step('R9 it comes back to the same reviewer, the note first', async () => {
    await staff.goto('/staff/queue?queue=resubmitted&claim=mine');
    const row = staff.locator('table.list tr', { has: staff.locator('a', { hasText: number }) });
    check(await row.count() === 1, 'in my resubmitted queue');
    await row.locator('.badge', { hasText: '重新提交' }).waitFor();
    await submitAndWait(staff, row.locator('a', { hasText: number }));
    await staff.locator('.review-head dd strong', { hasText: '我' }).waitFor();
    const firstCard = staff.locator('main .card').nth(1);
    check((await firstCard.innerText()).includes(NOTE), 'the customer\'s note is the first card after the head');
    check((await staff.locator('main').innerText()).includes(FIXED_NAME), 'the fixed site name is shown');
  });

  await step('R10 pass', async () => {
    await staff.locator('#decide .notice.ok').waitFor();
    await submitAndWait(staff, staff.getByRole('button', { name: '核实通过，报送管局' }));
    await staff.locator('[role=status]', { hasText: '已核实通过' }).waitFor();
    check(/待报送管局/.test(await badge(staff)), `to be sent to the administration, got ${await badge(staff)}`);
    await staff.screenshot({ path: join(OUT, 'review-passed.png'), fullPage: true });
  });

  await step('R11 an admin opens every admin page once', async () => {
    const admin = await adminCtx.newPage();
    watch(admin, 'admin');
    await login(admin, 'admin1', ADMIN_PASSWORD);
    const want = [
      ['/admin/staff', '员工账户'], ['/admin/provinces', '省份规则'],
      ['/admin/reasons', '标准退回原因'], ['/admin/settings', '接入商信息'], ['/admin/audit', '审计日志'],
      ['/admin/texts/agreement', '表单文本'], ['/staff/queue', '审核队列'], ['/staff', '工作台'],
    ];
    for (const [path, heading] of want) {
      const res = await admin.goto(path);
      check(res.status() === 200, `${path}: 200, got ${res.status()}`);
      const h1 = (await admin.locator('main h1').first().innerText()).trim();
      check(typeof heading === 'string' ? h1 === heading : heading.test(h1), `${path}: heading ${heading}, got "${h1}"`);
    }
    await admin.goto('/admin/provinces');
    await submitAndWait(admin, admin.locator('table a', { hasText: '沪' }).first());
    check(/沪/.test(await admin.locator('main h1').innerText()), 'the province page of 沪');
    await admin.goto(`/admin/audit?action=review.pass_override`);
    await admin.goto(`/admin/audit?object=application&object_id=${appId}`);
    check((await admin.locator('main').innerText()).length > 0, 'the audit search answers');
  });
} catch {
  // Reported by step(); later steps depend on earlier ones.
} finally {
  await browser.close().catch(() => {});
}

h.finish();
