// Opens the tab's pages in Debian's Chromium as a person would, and reports what each page shows.
// Usage: node tab-browser.js <plan.json> <result.json>
// Plan: { baseUrl, cookies: [{ name, value }], locale, visits: [ {
//          url,                      // a path of baseUrl
//          screenshot,               // where to keep a full-page PNG
//          waitCharts: true,         // wait until tab.js has drawn every chart
//          axe: true,                // run axe-core (from npm, pinned) on the page
//          teamsToken: "..."         // open url inside a stand-in Teams host that answers TeamsJS with this SSO token
//        } ] }
// Result per visit: { status, url, lang, title, metrics: { key: text }, values: { key: data-value }, text,
//   timing: { domInteractive, chartsReady, load }, axe: [ { id, impact, nodes } ], errors: [ console errors ] }
const fs = require('fs');
const { chromium } = require('playwright-core');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// A stand-in for the Teams client: a page that frames the tab and answers TeamsJS's postMessage protocol
// (initialize, then authentication.getAuthToken with the given token). Served on the tab's own origin.
function teamsHost(src, token) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Teams host</title></head><body>
<iframe id="tab" title="tab" src="${src}" style="width:1260px;height:1600px;border:0"></iframe>
<script>
window.hostLog = [];
window.addEventListener('message', function (e) {
  var m = e.data, frame = document.getElementById('tab').contentWindow;
  if (!m || typeof m.id !== 'number' || !m.func || e.source !== frame) { return; }
  window.hostLog.push(m.func);
  var args = [];
  if (m.func === 'initialize') { args = ['content', 'web', '2.58.0', '2.58.0']; }
  else if (m.func === 'authentication.getAuthToken') { args = [true, ${JSON.stringify(token)}]; }
  frame.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args: args }, e.origin);
});
</script></body></html>`;
}

async function read(frame) {
  return frame.evaluate(() => {
    const metrics = {}, values = {};
    document.querySelectorAll('[data-metric]').forEach(e => {
      metrics[e.getAttribute('data-metric')] = e.textContent.trim();
      if (e.hasAttribute('data-value')) { values[e.getAttribute('data-metric')] = e.getAttribute('data-value'); }
    });
    const nav = performance.getEntriesByType('navigation')[0];
    const ready = performance.getEntriesByName('tab-charts-ready')[0];
    return {
      url: location.pathname + location.search, lang: document.documentElement.lang, title: document.title,
      h1: (document.querySelector('h1') || {}).textContent || '', metrics, values, text: document.body.innerText,
      timing: { domInteractive: nav ? nav.domInteractive : null, load: nav ? nav.loadEventEnd : null, chartsReady: ready ? ready.startTime : null },
      charts: document.querySelectorAll('.chart svg').length,
    };
  });
}

async function main(planFile, resultFile) {
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const results = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: plan.locale || 'zh-CN' });
    const base = new URL(plan.baseUrl);
    await context.addCookies((plan.cookies || []).map(c => ({ name: c.name, value: c.value, domain: base.hostname, path: '/' })));
    for (const visit of plan.visits) {
      const page = await context.newPage();
      const errors = [];
      page.on('console', m => { if (m.type() === 'error') { errors.push(m.text()); } });
      page.on('pageerror', e => errors.push(String(e)));
      const result = { request: visit.url };
      try {
        let frame = page;
        let response;
        if (visit.teamsToken) {
          const hostUrl = new URL('/__teams-host', base).toString();
          await page.route(hostUrl, route => route.fulfill({ contentType: 'text/html', body: teamsHost(visit.url, visit.teamsToken) }));
          response = await page.goto(hostUrl);
          const handle = await page.waitForSelector('#tab');
          frame = await handle.contentFrame();
          await frame.waitForURL(u => !u.pathname.startsWith('/tab/signin'), { timeout: 30000 });
          await frame.waitForLoadState('load');
          result.hostLog = await page.evaluate(() => window.hostLog);
        } else {
          response = await page.goto(new URL(visit.url, base).toString());
        }
        result.status = response ? response.status() : null;
        if (visit.waitCharts) {
          await frame.waitForFunction(() => document.documentElement.getAttribute('data-charts') === 'ready', null, { timeout: 30000 });
        }
        Object.assign(result, await read(frame));
        if (visit.axe) {
          await frame.evaluate(axeSource + '\n;0');
          const axe = await frame.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
          result.axe = axe.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, target: v.nodes[0] && v.nodes[0].target.join(' ') }));
        }
        if (visit.screenshot) {
          await page.screenshot({ path: visit.screenshot, fullPage: true });
        }
      } catch (e) {
        result.error = String(e && e.message || e);
        if (visit.screenshot) { await page.screenshot({ path: visit.screenshot.replace(/\.png$/, '-failure.png') }).catch(() => {}); }
      }
      result.errors = errors;
      results.push(result);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(resultFile, JSON.stringify(results));
}

main(process.argv[2], process.argv[3]).catch(e => { console.error(e); process.exit(1); });
