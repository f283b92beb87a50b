// Browser test of a filing carried to the administration and back: headless
// Debian Chromium (playwright-core) against `beian serve` whose gateway
// points at `beian regulator --test-controls` (tests/browser/run.sh starts
// both). Everything is clicked through the pages as people would: the
// customer, the staff (account approval, review console), the principal on
// the simulator's /sms page reading the code from its console (/console/sms,
// standing for the phone). The only call that is not a page is the
// simulator's test control POST /test/decide ("the administration decides
// now"), and GET /test/state to find which item to decide.
//
// Part A: a customer registers, is approved, files a first filing (subject,
//   site, access, scan, submit); a reviewer claims it in the queue, ticks the
//   materials, uploads the verification form scan, records on-site
//   verification and a call, passes; the gateway sends it; the customer's
//   page shows 管局短信核验 with its deadline and the link; the principal
//   answers; the administration approves: 已备案 with a real-format subject
//   number and the site number -1.
// Part B: another customer adds a new site for the simulator's demo subject
//   filed elsewhere, claimed with its number and filing password (a wrong
//   password first), through the same review, SMS and approval, until the
//   overview shows the subject 已备案 with its sites (the new one and the one
//   the administration's record brings).
//
// Usage: node filing.test.mjs BASE_URL
// Environment:
//   REVIEWER_PASSWORD      password of the staff account reviewer1 (required)
//   REGULATOR_URL          the simulator, http://127.0.0.1:PORT (required)
//   DEMO_SUBJECT_NUMBER    the demo enterprise's number (as beian regulator printed it)
//   DEMO_SUBJECT_PASSWORD  its filing password (printed at every start)
//   ARTIFACT_DIR           where screenshots go (default ./artifacts)
//   CHROMIUM               browser binary (default /usr/bin/chromium)
//   WAIT_S                 how long to wait for the gateway per state (default 60)
// Exit status: 0 when every check passed, 1 otherwise.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { harness, submitAndWait } from './harness.mjs';
import { makePng } from './png.mjs';

const BASE = (process.argv[2] || process.env.BASE_URL || '').replace(/\/$/, '');
const REG = (process.env.REGULATOR_URL || '').replace(/\/$/, '');
const REVIEWER_PASSWORD = process.env.REVIEWER_PASSWORD || '';
const DEMO_NUMBER = process.env.DEMO_SUBJECT_NUMBER || '';
const DEMO_PASSWORD = process.env.DEMO_SUBJECT_PASSWORD || '';
const OUT = resolve(process.env.ARTIFACT_DIR || 'artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT_MS = Number(process.env.WAIT_S || 60) * 1000;
const TIMEOUT = 15000;

if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE) || !/^http:\/\/127\.0\.0\.1:\d+$/.test(REG) ||
    !REVIEWER_PASSWORD || !DEMO_NUMBER || !DEMO_PASSWORD) {
  console.error('usage: REVIEWER_PASSWORD=... REGULATOR_URL=http://127.0.0.1:P DEMO_SUBJECT_NUMBER=... ' +
    'DEMO_SUBJECT_PASSWORD=... node filing.test.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });

// ---------------------------------------------------------------------------
// Test data. A fresh USCC per run (GB 32100 and GB 11714 check characters):
// the simulator refuses a certificate number it has filed already (1003),
// and its demo enterprise holds the one of tests/e2e/filing_data.h.

const suffix = Date.now().toString(36).slice(-5);

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

const A = {
  customer: { login: `gwa-${suffix}`, name: '北京浏览器测试科技有限公司', email: `gwa-${suffix}@example.com`,
    mobile: '13812340001', password: 'Browser-pass-2026' },
  subject: { cert: usccFor(Date.now()), name: '北京浏览器测试科技有限公司', address: '北京市朝阳区建国路 88 号 9 层',
    principal: '张三', id: '110105198503151230', expiry: '2035-03-15', mobile: '13812345678',
    landline: '010-65001234', emergency: '13900001111', email: 'zhangsan@example.com' },
  site: { name: '浏览器测试科技官网', domain: `gw-a-${suffix}.cn`,
    description: '本网站介绍我们公司的产品、服务与联系方式，不涉及前置审批内容。' },
};
// The simulator's demo enterprise (src/simulator/demo.c): its principal.
const B = {
  customer: { login: `gwb-${suffix}`, name: '北京示例网络科技有限公司', email: `gwb-${suffix}@example.com`,
    mobile: '13812340002', password: 'Browser-pass-2026' },
  claim: { name: '北京示例网络科技有限公司', principal: '王伟', id: '110108198506120041',
    mobile: '13911110001', emergency: '13900002222', email: 'wangwei@demo-enterprise.cn' },
  site: { name: '示例网络科技产品介绍', domain: `gw-b-${suffix}.cn`,
    description: '介绍本公司网络产品的网站，不涉及前置审批内容。' },
};
const SUBJECT_NUMBER_RE = /^[\u4e00-\u9fff]ICP备(\d{8}|\d{10})号$/;

// ---------------------------------------------------------------------------
// Harness: named steps, page errors, screenshots (files named filing-*).

const h = harness({
  title: 'filing browser test', out: OUT, timeout: TIMEOUT, prefix: 'filing-',
  known: [{
    test: (text, url) => url === `${REG}/favicon.ico` && /status of 404/.test(text),
    why: 'the simulator answers 404 for /favicon.ico',
  }],
});
const { check, watch, shot, step } = h;

function group(page, legend) {
  return page.locator('fieldset').filter({ has: page.locator(`xpath=./legend[normalize-space(.)="${legend}"]`) });
}


// Reload page every second until probe() is true (the gateway polls every
// second; the customer refreshes the page as a person would).
async function waitOnPage(page, url, probe, what) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await page.goto(url);
    if (await probe()) return;
    if (Date.now() > deadline) {
      const badge = await page.locator('.badge').first().innerText().catch(() => '?');
      throw new Error(`waited ${WAIT_MS / 1000} s for ${what} on ${url}; the page shows "${badge}"`);
    }
    await page.waitForTimeout(1000);
  }
}

async function badgeText(page) {
  return (await page.locator('.card dl.kv .badge').first().innerText()).trim();
}

// ---------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  chromiumSandbox: false,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const desktop = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };
const staffCtx = await browser.newContext({ ...desktop, baseURL: BASE });
const simCtx = await browser.newContext({ ...desktop, baseURL: REG }); // the principal and their phone
const staff = watch(await staffCtx.newPage(), 'reviewer');
const phone = watch(await simCtx.newPage(), 'phone');

async function registerAndApprove(page, c) {
  await page.goto('/register');
  await page.getByLabel('单位（企业、事业单位、社会团体等）').check();
  await page.getByLabel('登录名').fill(c.login);
  await page.getByLabel('姓名或单位名称').fill(c.name);
  await page.getByLabel('电子邮箱').fill(c.email);
  await page.getByLabel('手机号码').fill(c.mobile);
  await page.getByLabel(/^密码\*?$/).fill(c.password);
  await page.getByLabel('确认密码').fill(c.password);
  await page.getByLabel(/我已阅读并同意/).check();
  await submitAndWait(page, page.getByRole('button', { name: '提交注册' }));
  await page.getByRole('heading', { name: '注册成功，等待审核' }).waitFor();
  // Staff approve the account on /staff/accounts.
  await staff.goto('/staff/accounts');
  const row = staff.locator('tr').filter({ has: staff.locator('td', { hasText: new RegExp(`^${c.login}$`) }) });
  check(await row.count() === 1, `one row for ${c.login} on /staff/accounts, found ${await row.count()}`);
  await submitAndWait(staff, row.getByRole('button', { name: '通过' }));
  // The customer logs in.
  await page.goto('/login');
  await page.getByLabel('登录名').fill(c.login);
  await page.getByLabel('密码', { exact: true }).fill(c.password);
  await submitAndWait(page, page.locator('main').getByRole('button', { name: '登录' }));
  check(new URL(page.url()).pathname === '/portal', `login lands on /portal, got ${page.url()}`);
}

// principal: null for the checkbox 网站负责人与主体负责人为同一人 (a first
// filing); the fields typed for a claimed subject, whose form has no such box.
async function fillSite(page, s, principal = null) {
  check(/\/steps\/site$/.test(new URL(page.url()).pathname), `site step expected, got ${page.url()}`);
  const site = group(page, '网站信息');
  await site.getByLabel('网站名称').fill(s.name);
  await site.getByLabel('网站域名').fill(s.domain);
  await site.getByLabel('网站首页地址').fill(`https://www.${s.domain}/`);
  await site.getByLabel('单位门户网站').check();
  await site.getByLabel('中文简体').check();
  await site.getByLabel('网站备注').fill(s.description);
  const sp = group(page, '网站负责人');
  if (!principal) {
    await sp.getByLabel('网站负责人与主体负责人为同一人').check();
  } else {
    await sp.getByLabel('姓名').fill(principal.principal);
    await sp.getByLabel('证件类型').selectOption('id_card');
    await sp.getByLabel('证件号码').fill(principal.id);
    await sp.getByLabel('证件有效期至').fill('长期');
    await sp.getByLabel('手机号码').fill(principal.mobile);
    await sp.getByLabel('应急联系电话').fill(principal.emergency);
    await sp.getByLabel('电子邮箱').fill(principal.email);
  }
  await submitAndWait(page, page.getByRole('button', { name: '保存并继续' }));
  check(/\/steps\/access$/.test(new URL(page.url()).pathname), `access step expected, got ${page.url()}`);
  const access = group(page, '接入信息');
  await access.getByLabel('服务器 IP 地址').fill('203.119.10.8');
  await access.getByLabel('接入方式').selectOption({ label: '虚拟主机' });
  await submitAndWait(page, page.getByRole('button', { name: '保存并继续' }));
  await page.locator('ol.steps li.on', { hasText: '信息核实提交' }).waitFor();
}

// On the application page: the business licence scan, then submit.
async function uploadAndSubmit(page) {
  const slot = page.locator('[data-slot="licence_copy"]');
  check(await slot.count() === 1, 'an upload slot for the business licence');
  await slot.locator('input[type=file]').first().setInputFiles({ name: 'licence.png', mimeType: 'image/png', buffer: makePng(400, 300) });
  await submitAndWait(page, slot.getByRole('button', { name: '上传' }).first());
  await slot.locator('a', { hasText: 'licence.png' }).first().waitFor();
  await submitAndWait(page, page.getByRole('button', { name: '确认信息无误，提交' }));
  const badge = await badgeText(page);
  check(badge === '待接入商核实', `state 待接入商核实 after submitting, got "${badge}"`);
}

// The reviewer: the queue (searched by domain), claim, materials, the
// verification form scan, on-site verification with a photo, a call, pass.
async function review(domain, tag) {
  await staff.goto('/staff/queue');
  await staff.getByLabel('搜索').fill(domain);
  await submitAndWait(staff, staff.getByRole('button', { name: '筛选' }));
  const link = staff.locator('table a[href^="/staff/applications/"]');
  check(await link.count() === 1, `one application for ${domain} in the queue, found ${await link.count()}`);
  await submitAndWait(staff, link.first());
  await submitAndWait(staff, staff.getByRole('button', { name: '认领', exact: true }));
  // Every material received, as many copies as expected.
  const rows = staff.locator('table.materials tbody tr');
  for (let i = 0; i < await rows.count(); i++) {
    const input = rows.nth(i).locator('input.copies');
    await input.fill(await input.getAttribute('max'));
  }
  await submitAndWait(staff, staff.getByRole('button', { name: '保存收件登记' }));
  // The signed verification form, scanned.
  const form = staff.locator('form[data-upload="verification_form"]');
  check(await form.count() === 1, 'an upload form for the verification form scan on the review page');
  await form.locator('input[type=file]').setInputFiles({ name: 'verification-form.png', mimeType: 'image/png', buffer: makePng(1200, 900) });
  await submitAndWait(staff, form.getByRole('button', { name: '上传核验单扫描件' }));
  await staff.locator('tr[data-item="verification_form"] img.thumb').first().waitFor();
  // On-site verification: the photo, then the record.
  const onsite = staff.locator('#onsite');
  if (await onsite.locator('input[name=slot][value=onsite_photo]').count()) {
    await onsite.locator('input[type=file]').setInputFiles({ name: 'onsite.png', mimeType: 'image/png', buffer: makePng(1024, 768) });
    await submitAndWait(staff, onsite.getByRole('button', { name: '上传现场照片' }));
    await onsite.getByLabel('已现场核验（拍照）').check();
    await submitAndWait(staff, staff.locator('#onsite').getByRole('button', { name: '保存核验记录' }));
  }
  // The call to the subject principal.
  const calls = staff.locator('#calls');
  await calls.getByLabel('致电').selectOption('subject_principal');
  await calls.getByLabel('结果').selectOption('confirmed');
  await submitAndWait(staff, calls.getByRole('button', { name: '记录' }));
  await staff.locator('#decide .notice.ok', { hasText: '材料、现场核验和核实电话均已完成' }).waitFor();
  await shot(staff, `${tag}-review-ready`);
  await submitAndWait(staff, staff.getByRole('button', { name: '核实通过，报送管局' }));
  const state = (await staff.locator('.review-head .badge').first().innerText()).trim();
  check(/报送|管局/.test(state), `after passing, the state names the administration, got "${state}"`);
}

// The customer's page shows 管局短信核验 with a deadline and the link to the
// simulator's /sms; the principal opens it, reads the code on the phone
// (the console's SMS list) and types it.
async function answerSms(page, appUrl, tag) {
  await waitOnPage(page, appUrl, async () => await page.locator('[data-sms]').count() > 0, '管局短信核验');
  const sms = page.locator('[data-sms]');
  const text = await sms.innerText();
  check(/管局短信核验/.test(text), `the notice says 管局短信核验: ${text}`);
  const deadline = (await sms.locator('.mono').innerText()).trim();
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)(:\d\d)?/.exec(deadline);
  check(m, `a deadline YYYY-MM-DD HH:MM, got "${deadline}"`);
  const link = sms.getByRole('link', { name: '去完成短信核验' });
  const href = await link.getAttribute('href');
  check(href.startsWith(`${REG}/sms`), `the link goes to the simulator's /sms, got ${href}`);
  await shot(page, `${tag}-sms-verification`);
  const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  watch(tab, 'principal');
  await tab.waitForLoadState('load');
  await tab.getByRole('heading', { name: /短信核验/ }).waitFor();
  // The codes "sent": on the simulator's console (standing for the phones).
  await phone.goto('/console/sms');
  const pending = await phone.locator('table').first().locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()))
      .filter((c) => c[6] === 'pending'));
  check(pending.length >= 1, `a pending code on /console/sms: ${JSON.stringify(pending)}`);
  for (const [, mobile, code] of pending) {
    await tab.goto(`${REG}/sms`);
    await tab.getByLabel(/手机号码/).fill(mobile);
    await tab.getByLabel(/短信核验码/).fill(code);
    await submitAndWait(tab, tab.getByRole('button', { name: /提交核验/ }));
    const outcome = await tab.locator('[role=status]').innerText();
    check(/核验通过/.test(outcome), `the /sms page says 核验通过 for ${mobile}, got "${outcome}"`);
  }
  await shot(tab, `${tag}-sms-passed`);
  await tab.close();
  return pending.map((p) => p[0]);
}

// The SMS passed, the application waits for the administration (待管局核实);
// it decides now (simulator test control), then the page shows 已备案.
async function approve(page, appUrl, items) {
  await waitOnPage(page, appUrl, async () => (await badgeText(page)) === '待管局核实', '待管局核实');
  for (const item of new Set(items)) {
    const r = await simCtx.request.post(`${REG}/test/decide`, {
      data: { item: Number(item), decision: 'approve' }, headers: { 'Content-Type': 'application/json' } });
    check(r.status() === 200, `POST /test/decide item ${item}: ${r.status()} ${await r.text()}`);
  }
  await waitOnPage(page, appUrl, async () => (await badgeText(page)) === '已备案', '已备案');
}

async function kv(page, label) {
  const dt = page.locator('.card dl.kv dt', { hasText: label }).first();
  return (await dt.locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

try {
  await step('A0 the administration reviews only when told (review delay 1 h)', async () => {
    // Test control: without it the simulator approves 60 s after the SMS by itself.
    const r = await simCtx.request.post(`${REG}/test/settings`, {
      data: { review_delay_s: 3600 }, headers: { 'Content-Type': 'application/json' } });
    check(r.status() === 200, `POST /test/settings: ${r.status()} ${await r.text()}`);
  });

  // ------------------------------------------------------------------ A
  const custA = await browser.newContext({ ...desktop, baseURL: BASE });
  const a = watch(await custA.newPage(), 'customer-a');
  let appA = '', siteA = '';

  await step('A1 reviewer logs in', async () => {
    await staff.goto('/login');
    await staff.getByLabel('登录名').fill('reviewer1');
    await staff.getByLabel('密码').fill(REVIEWER_PASSWORD);
    await submitAndWait(staff, staff.locator('main').getByRole('button', { name: '登录' }));
    check(new URL(staff.url()).pathname.startsWith('/staff'), `staff home after login, got ${staff.url()}`);
  });

  await step('A2 customer registers; staff approve the account; customer logs in', async () => {
    await registerAndApprove(a, A.customer);
  });

  await step('A3 first filing: subject, site, access', async () => {
    await submitAndWait(a, a.getByRole('button', { name: '开始首次备案' }));
    appA = new URL(a.url()).pathname.replace(/\/steps\/subject$/, '');
    const subj = group(a, '主体信息');
    await subj.getByLabel('主体所在省份').selectOption('110000');
    await subj.getByLabel('城市').locator('option[value="110100"]').waitFor({ state: 'attached' });
    await subj.getByLabel('城市').selectOption('110100');
    await subj.getByLabel('区县').locator('option[value="110105"]').waitFor({ state: 'attached' });
    await subj.getByLabel('区县').selectOption('110105');
    await subj.getByLabel('主体性质').selectOption('enterprise');
    await subj.getByLabel('证件类型').selectOption('uscc');
    await subj.getByLabel('证件号码').fill(A.subject.cert);
    await subj.getByLabel('主办单位或主办人名称').fill(A.subject.name);
    await subj.getByLabel('通信地址').fill(A.subject.address);
    await subj.getByLabel('投资者或上级主管单位').fill(A.subject.name);
    const p = group(a, '主体负责人');
    await p.getByLabel('姓名').fill(A.subject.principal);
    await p.getByLabel('证件类型').selectOption('id_card');
    await p.getByLabel('证件号码').fill(A.subject.id);
    await p.getByLabel('证件有效期至').fill(A.subject.expiry);
    await p.getByLabel('手机号码').fill(A.subject.mobile);
    await p.getByLabel('办公电话').fill(A.subject.landline);
    await p.getByLabel('应急联系电话').fill(A.subject.emergency);
    await p.getByLabel('电子邮箱').fill(A.subject.email);
    await group(a, '法定代表人').getByLabel('法定代表人即主体负责人').check();
    await submitAndWait(a, a.getByRole('button', { name: '保存并继续' }));
    await fillSite(a, A.site);
    check(new URL(a.url()).pathname === appA, `application page ${appA}, got ${a.url()}`);
  });

  await step('A4 verify & submit: the licence scan, then submit', async () => {
    await uploadAndSubmit(a);
  });

  await step('A5 reviewer: queue, claim, materials, form scan, on-site, call, pass', async () => {
    await review(A.site.domain, 'A');
  });

  let itemsA = [];
  await step('A6 gateway sends it: 管局短信核验 with deadline and link; the principal answers on /sms', async () => {
    itemsA = await answerSms(a, appA, 'A');
  });

  await step('A7 the administration approves: 已备案 with a real-format subject number and -1', async () => {
    await approve(a, appA, itemsA);
    const subject = await kv(a, '主体备案号');
    const site = await kv(a, '网站备案号');
    check(SUBJECT_NUMBER_RE.test(subject) && subject.startsWith('京ICP备'), `a Beijing subject number, got "${subject}"`);
    check(site === `${subject}-1`, `site number ${subject}-1, got "${site}"`);
    await shot(a, 'A-approved');
    await a.goto('/portal');
    check(await kv(a, '主体状态') === '已备案', `the overview's subject is 已备案, got "${await kv(a, '主体状态')}"`);
    const row = a.locator('table.list tr', { hasText: A.site.domain });
    check((await row.innerText()).includes(site) && (await row.innerText()).includes('已备案'),
      `the overview's site row has ${site} and 已备案: ${await row.innerText()}`);
    await shot(a, 'A-overview');
    siteA = site;
  });

  await step('A8 the inbox (站内信): the approval with its numbers leads to the application', async () => {
    await a.locator('a.inbox-link').first().click();
    await a.waitForLoadState();
    check(new URL(a.url()).pathname === '/inbox', `the inbox, got ${a.url()}`);
    const item = a.locator('.notice-item', { hasText: siteA }).first();
    check(await item.count() === 1, `a message names the site number ${siteA}`);
    await submitAndWait(a, item.getByRole('button', { name: '去办理' }));
    check(new URL(a.url()).pathname === appA, `去办理 opens ${appA}, got ${a.url()}`);
    await shot(a, 'A-inbox-followed');
  });

  await step('A9 the staff home shows the link to the administration, contacted', async () => {
    await staff.goto('/staff');
    const link = staff.locator('[data-link]').first();
    check(await link.count() === 1, 'the staff home has the link card');
    const text = await link.innerText();
    check(text.includes(REG) && !text.includes('最近错误'), `the link names ${REG}, no error: ${text}`);
    await shot(staff, 'A-staff-home-link');
  });
  await custA.close();

  // ------------------------------------------------------------------ B
  const custB = await browser.newContext({ ...desktop, baseURL: BASE });
  const b = watch(await custB.newPage(), 'customer-b');
  let appB = '';

  await step('B1 another customer registers; staff approve; logs in', async () => {
    await registerAndApprove(b, B.customer);
  });

  const claimForm = () => group(b, '主体备案信息');
  async function fillClaim(password) {
    const g = claimForm();
    await g.getByLabel('主体备案号').fill(DEMO_NUMBER);
    await g.getByLabel('备案密码').fill(password);
    await g.getByLabel('主体性质').selectOption('enterprise');
    await g.getByLabel('主办单位或主办人名称').fill(B.claim.name);
    await g.getByLabel('主体证件类型').selectOption('uscc');
    await g.getByLabel('主体证件号码').fill('91110000802100433B');
    await g.getByLabel('主体通信地址').fill('北京市朝阳区建国路 88 号 9 层');
    await g.getByLabel('主体负责人姓名').fill(B.claim.principal);
    await g.getByLabel('主体负责人证件类型').selectOption('id_card');
    await g.getByLabel('主体负责人证件号码').fill(B.claim.id);
    await g.getByLabel('主体负责人手机号码').fill(B.claim.mobile);
    await g.getByLabel('主体负责人电子邮箱').fill(B.claim.email);
    await submitAndWait(b, b.getByRole('button', { name: '保存并继续' }));
  }

  await step('B2 新增网站 (subject filed elsewhere): the claim step', async () => {
    await submitAndWait(b, b.getByRole('button', { name: '新增网站' }));
    check(/\/steps\/claim$/.test(new URL(b.url()).pathname), `the claim step, got ${b.url()}`);
    appB = new URL(b.url()).pathname.replace(/\/steps\/claim$/, '');
  });

  // A failure here is counted, and the run goes on: the next step starts
  // again from the claim step with the right password.
  await step('B3 a wrong filing password is refused at its field', async () => {
    await fillClaim(`wrong-${DEMO_PASSWORD}`);
    const still = /\/steps\/claim$/.test(new URL(b.url()).pathname);
    if (!still) await shot(b, 'B-wrong-password-accepted');
    check(still, `a wrong filing password must keep the claim step with an error, but it went on to ${b.url()}`);
    const err = b.locator('#f-claim_password p.error');
    await err.waitFor();
    check(/密码/.test(await err.innerText()), `the error at 备案密码 names the password: ${await err.innerText()}`);
    await shot(b, 'B-wrong-password');
  }).catch(() => {});

  await step('B4 the right password; site, access', async () => {
    if (!/\/steps\/claim$/.test(new URL(b.url()).pathname)) await b.goto(`${appB}/steps/claim`);
    await fillClaim(DEMO_PASSWORD);
    await fillSite(b, B.site, B.claim);
  });

  await step('B5 verify & submit', async () => {
    await uploadAndSubmit(b);
  });

  await step('B6 reviewer passes it', async () => {
    await review(B.site.domain, 'B');
  });

  let itemsB = [];
  await step('B7 管局短信核验; the principal answers on /sms', async () => {
    itemsB = await answerSms(b, appB, 'B');
  });

  await step('B8 approved: the new site gets the subject\'s next number', async () => {
    await approve(b, appB, itemsB);
    const subject = await kv(b, '主体备案号');
    check(subject === DEMO_NUMBER, `subject number ${DEMO_NUMBER}, got "${subject}"`);
    const site = await kv(b, '网站备案号');
    check(new RegExp(`^${DEMO_NUMBER}-[2-9]$`).test(site), `a site number ${DEMO_NUMBER}-N (N > 1), got "${site}"`);
    await shot(b, 'B-approved');
  });

  await step('B9 overview: the subject 已备案 with its sites (also the one filed elsewhere)', async () => {
    await b.goto('/portal');
    await shot(b, 'B-overview');
    const status = await kv(b, '主体状态');
    const rows = await b.locator('table.list').first().locator('tbody tr').allInnerTexts();
    const seen = `subject "${status}"; sites: ${rows.map((r) => r.replace(/\s+/g, ' ')).join(' | ')}`;
    check(status === '已备案', `the subject is 已备案 (${seen})`);
    check(await kv(b, '主体备案号') === DEMO_NUMBER, `the subject number ${DEMO_NUMBER} (${seen})`);
    const ours = rows.find((r) => r.includes(B.site.domain));
    check(ours && /已备案/.test(ours), `the new site is 已备案 (${seen})`);
    const other = rows.find((r) => r.includes(`${DEMO_NUMBER}-1`));
    check(other && /demo-enterprise\.cn/.test(other), `the site filed elsewhere (${DEMO_NUMBER}-1, demo-enterprise.cn) is listed (${seen})`);
  });
  await custB.close();
} catch {
  // Reported by step(); later steps depend on earlier ones.
} finally {
  await browser.close().catch(() => {});
}

h.finish();
