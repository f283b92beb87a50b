// The browser tests' harness: named steps that screenshot every watched page
// when they fail, the pages' console and page errors (each one fails the
// test, unless it is a known bug listed by the test), screenshots, the JSON
// API through a browser context, and the summary at the end.
//
//   const h = harness({ title: 'review browser test', out, timeout, prefix });
//   const { check, watch, shot, step } = h;
//   try { await step('R1 ...', async () => { ... }); } catch { /* reported */ }
//   finally { await browser.close(); }
//   h.finish();   // exits 1 when a step failed or a page logged an error
import { join } from 'node:path';

// A page's own error status (403 for a refused login, 400 for a form with
// errors) is part of the design and checked by the steps; Chromium logs it
// as "Failed to load resource", which is not an error of the page.
const STATUS_LOG = /^Failed to load resource: the server responded with a status of/;

// title:   the test's name in the summary ("keyboard test");
// out:     the artifact directory; prefix: the start of every screenshot's
//          file name ("filing-"; default none);
// timeout: each watched page's default timeout, ms;
// known:   bugs known but not fixed yet, [{ test(text, url), why }]: a
//          console error they match is listed as "known", not failed on.
export function harness({ title, out, timeout, prefix = '', known = [] }) {
  const failures = [];
  const errors = [];
  const knownSeen = new Map();
  const pages = new Set();
  const documentUrls = new Set();
  const started = Date.now();
  let current = '';

  function error(text, url = '') {
    const k = known.find((x) => x.test(text, url));
    if (k) knownSeen.set(k.why, (knownSeen.get(k.why) || 0) + 1);
    else errors.push(text);
  }

  const h = {
    failures,

    check(cond, what) {
      if (!cond) throw new Error(`check failed: ${what}`);
    },

    // Report the page's errors under who, and screenshot it when a step fails.
    watch(page, who) {
      pages.add({ page, who });
      page.on('response', (res) => {
        if (res.request().resourceType() === 'document') documentUrls.add(res.url());
      });
      page.on('console', (msg) => {
        const url = msg.location().url || page.url();
        if (msg.type() === 'error' && STATUS_LOG.test(msg.text()) && documentUrls.has(url)) return;
        if (msg.type() === 'error' || (msg.type() === 'warning' && /Content.Security.Policy/i.test(msg.text())))
          error(`[${who}] ${current}: console.${msg.type()}: ${msg.text()} (${url})`, url);
      });
      page.on('pageerror', (err) => error(`[${who}] ${current}: uncaught: ${err.message} (${page.url()})`));
      page.on('requestfailed', (req) => {
        // A request the page itself cancels (a download, a navigation) is not an error.
        if (!/ERR_ABORTED/.test(req.failure()?.errorText || ''))
          error(`[${who}] ${current}: request failed: ${req.url()} ${req.failure()?.errorText}`, req.url());
      });
      page.setDefaultTimeout(timeout);
      return page;
    },

    // Stop screenshotting a page (it is about to be closed).
    unwatch(page) {
      for (const p of pages) if (p.page === page) pages.delete(p);
    },

    // An error status the test causes on purpose at url (not a page's own).
    expectStatus(url) {
      documentUrls.add(url);
    },

    async shot(page, name, fullPage = true) {
      const path = join(out, `${prefix}${name}.png`);
      await page.screenshot({ path, fullPage });
      return path;
    },

    async step(name, fn) {
      current = name;
      const t0 = Date.now();
      try {
        await fn();
        console.log(`ok   ${name} (${Date.now() - t0} ms)`);
      } catch (err) {
        const text = String(err.message).replace(/\x1b\[[0-9;]*m/g, '');
        console.log(`FAIL ${name} (${Date.now() - t0} ms)\n     ${text.split('\n').join('\n     ')}`);
        const safe = name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
        for (const { page, who } of pages) {
          if (page.isClosed()) continue;
          try {
            console.log(`     screenshot: ${await h.shot(page, `FAIL-${safe}-${who}`)} (${page.url()})`);
          } catch { /* the page may be gone */ }
        }
        failures.push(`${name}: ${text.split('\n')[0]}`);
        throw err;
      }
    },

    // The summary; exits 1 when anything failed.
    finish() {
      for (const [why, n] of knownSeen) console.log(`known ${why} (${n}x)`);
      if (errors.length) {
        for (const e of errors) console.log(`FAIL browser error ${e}`);
        failures.push(`${errors.length} browser console/page error(s)`);
      }
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (failures.length) {
        console.log(`\n${title} FAILED in ${secs} s: ${failures.join('; ')}`);
        console.log(`screenshots in ${out}`);
        process.exit(1);
      }
      console.log(`\n${title} passed in ${secs} s; screenshots in ${out}`);
    },

    knownCount: () => knownSeen.size,
  };
  return h;
}

export async function submitAndWait(page, button) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

// The JSON API through a browser context's cookies, with its CSRF token:
// { status, json }.
export async function api(ctx, method, path, body, multipart) {
  const t = await ctx.request.get('/api/v1/csrf');
  const token = (await t.json()).csrf_token;
  const opts = { headers: { 'X-CSRF-Token': token } };
  if (multipart) opts.multipart = multipart;
  else if (body !== undefined) opts.data = body;
  const res = method === 'GET' ? await ctx.request.get(path) : await ctx.request.post(path, opts);
  const json = await res.json().catch(() => null);
  return { status: res.status(), json };
}

// The same, asserting the status want; the JSON.
export async function apiOk(ctx, method, path, body, want, multipart) {
  const r = await api(ctx, method, path, body, multipart);
  if (r.status !== want)
    throw new Error(`check failed: ${method} ${path}: ${want} expected, got ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
  return r.json;
}
