// Drives the Agents Playground web page in Debian's Chromium and runs a list of steps, as a person would.
// Usage: node playground-chat.js <playground url> <steps.json> <result.json>
// Steps: { "send": "text" } types into the compose box and presses Enter;
//        { "waitText": "text", "timeoutMs": 15000 } waits until the text is visible in the chat;
//        { "fill": { "label": "field label", "value": "..." } } fills a card input by its label;
//        { "choose": { "label": "field label", "option": "option title" } } picks a choice-set option;
//        { "click": "button title", "exact": false } clicks the last button with that title (newest card);
//        { "screenshot": "/path.png" }.
// Writes { ok, failedStep, error, texts } where texts is the chat's visible text at the end.
const fs = require('fs');
const { chromium } = require('playwright-core');

async function main(url, stepsFile, resultFile) {
  const steps = JSON.parse(fs.readFileSync(stepsFile, 'utf8'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const result = { ok: true, failedStep: null, error: null, texts: '' };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN' });
    await page.goto(url);
    await page.getByRole('textbox').first().waitFor();
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      try {
        if (step.send !== undefined) {
          const box = page.getByRole('textbox').first();
          await box.click();
          await page.keyboard.type(step.send);
          await page.keyboard.press('Enter');
        } else if (step.waitText !== undefined) {
          await page.getByText(step.waitText, { exact: false }).last().waitFor({ timeout: step.timeoutMs ?? 45000 });
        } else if (step.fill) {
          const input = page.getByLabel(step.fill.label, { exact: false }).last();
          await input.fill(step.fill.value);
        } else if (step.choose) {
          const select = page.getByLabel(step.choose.label, { exact: false }).last();
          await select.selectOption({ label: step.choose.option });
        } else if (step.click !== undefined) {
          await page.getByRole('button', { name: step.click, exact: step.exact ?? false }).last().click({ timeout: step.timeoutMs ?? 45000 });
        } else if (step.screenshot) {
          await page.screenshot({ path: step.screenshot });
        }
      } catch (e) {
        result.ok = false;
        result.failedStep = i;
        result.error = String(e && e.message || e);
        await page.screenshot({ path: resultFile.replace(/\.json$/, '') + '-failure.png' }).catch(() => {});
        break;
      }
    }
    result.texts = await page.locator('body').innerText();
  } finally {
    await browser.close();
  }
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

main(process.argv[2], process.argv[3], process.argv[4]).catch(e => {
  fs.writeFileSync(process.argv[4], JSON.stringify({ ok: false, failedStep: null, error: String(e && e.stack || e), texts: '' }));
});
