import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];

/** Debian's Chromium (no browser downloads); stops with the install command when it is missing. */
export function findChromium(): string {
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error("Chromium is not installed. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH)");
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--disable-dev-shm-usage",
    ],
  });
}

const resultsDir = path.resolve("test-results");

/** Saves a full-page screenshot under test-results/ at the current viewport. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.png`);
  // From the top, so sticky and fixed parts sit where a reader expects them.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Screenshots at desktop (1280) and phone (390) widths. */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  if (original) await page.setViewportSize(original);
}

/**
 * What scrolls sideways on the current viewport: the page itself, or any box inside it (a table
 * too wide for a phone). Empty when everything fits.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`page (${root.scrollWidth}px in ${root.clientWidth}px)`);
    for (const element of document.body.querySelectorAll<HTMLElement>("*")) {
      const style = getComputedStyle(element);
      if (!["auto", "scroll"].includes(style.overflowX) || element.clientWidth === 0) continue;
      if (element.scrollWidth > element.clientWidth + 1) {
        const label = element.getAttribute("aria-label") ?? element.querySelector("th, h2")?.textContent ?? element.tagName.toLowerCase();
        found.push(`${label} (${element.scrollWidth}px in ${element.clientWidth}px)`);
      }
    }
    return found;
  });
}

/** Fails when anything scrolls sideways at 1280 or 390 px; leaves the page at 1280 px. */
export async function expectFitsBothWidths(page: Page): Promise<void> {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await horizontalOverflow(page), `sideways scrolling on ${page.url()} at ${width}px`).toEqual([]);
  }
}
