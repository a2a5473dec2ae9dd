// End to end: "Share this result" (src/app/components/share.rs). A run's link carries its settings, the
// SHA-256 digest of every result it measured and each claim's verdict and value; opening the link shows
// those numbers at once, labelled as recorded elsewhere, and after a re-run says whether this browser
// reproduced the digest. Flex in WebAssembly computes the same bits on every machine, so a re-run here
// must reproduce it exactly; a link whose digest was altered must not, and a damaged link says so.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { pageClaims, start, text, trainToEnd, ROOT } from "./harness.mjs";

const SHOTS = process.env.MINIMA_SCREENSHOTS ?? `${ROOT}/tests/e2e/screenshots`;

let browser;
before(async () => {
  browser = await start();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => browser?.close());

// Trains the page's run to the end and shares it: the shared link, the digest and the claims measured.
async function shareRun(page) {
  await trainToEnd(page);
  const digest = await page.getAttribute("[data-testid=digest]", "data-digest");
  assert.match(digest ?? "", /^[0-9a-f]{64}$/);
  await page.click("[data-testid=share-result]");
  await page.waitForSelector("[data-testid=share-url]");
  const link = await page.inputValue("[data-testid=share-url]");
  return { link, digest, claims: await pageClaims(page) };
}

// The recorded card: what it says, its outcome, and the claims it lists.
async function recordedCard(page) {
  return page.$eval("[data-testid=recorded]", (card) => ({
    reproduced: card.dataset.reproduced,
    digest: card.dataset.digest,
    said: card.querySelector("[data-testid=reproduced]")?.textContent.trim() ?? card.textContent.trim(),
    claims: [...card.querySelectorAll("[data-recorded-claim]")].map((li) => ({
      id: li.dataset.recordedClaim,
      state: li.dataset.state,
      value: li.dataset.value === "" ? null : Number(li.dataset.value),
    })),
  }));
}

// Opens `link` (this server's) in a fresh document.
async function openShared(link) {
  await browser.open(link.slice(link.indexOf("#")));
}

for (const [demo, settings, why] of [
  ["sam", "epochs=10&seeds=2", "one worker"],
  ["uniform-convergence", "width=200&max_epochs=40", "parts in parallel workers, finishing in any order"],
]) {
  test(`a shared ${demo} run (${why}) re-runs to the same digest in this browser`, { timeout: 600_000 }, async () => {
    const { page } = browser;
    await browser.open(`#demo=${demo}&backend=flex&${settings}`);
    assert.equal(await page.$("[data-testid=recorded]"), null, "a plain link carries no record");
    assert.equal(await page.isDisabled("[data-testid=share-result]"), true, "nothing to share before a run");
    const first = await shareRun(page);
    const url = new URL(first.link);
    const hash = new URLSearchParams(url.hash.slice(1));
    assert.equal(hash.get("digest"), first.digest);
    assert.match(hash.get("recorded"), /^flex,\d+,\d+\.\d,[0-9a-f]{16}$/);

    // Opened from the link: the recorded numbers at once, none measured here yet.
    await openShared(first.link);
    const shown = await recordedCard(page);
    assert.equal(shown.reproduced, "pending");
    assert.equal(shown.digest, first.digest);
    assert.deepEqual(shown.claims, first.claims.map(({ id, state, value }) => ({ id, state, value })));
    assert.match(await text(page, "recorded"), /^Recorded elsewhere.*as recorded there, not measured here/);
    assert.ok((await pageClaims(page)).every((c) => c.state === "not-decided"), "the card measures nothing yet");
    if (demo === "sam") await page.screenshot({ path: `${SHOTS}/share-recorded.png`, fullPage: true });

    // Re-run: the same digest, said as reproduced exactly.
    await trainToEnd(page);
    await page.waitForSelector("[data-testid=recorded][data-reproduced=exact]", { timeout: 10_000 });
    assert.match((await recordedCard(page)).said, /^Reproduced exactly: this browser's results have the same SHA-256/);
    assert.equal(await page.getAttribute("[data-testid=digest]", "data-digest"), first.digest);

    // Negative control: the same link with one digit of its digest changed is not reproduced.
    const altered = first.digest.slice(0, -1) + (first.digest.endsWith("0") ? "1" : "0");
    await openShared(first.link.replace(first.digest, altered));
    await trainToEnd(page);
    await page.waitForSelector("[data-testid=recorded][data-reproduced=differs]", { timeout: 10_000 });
    assert.match((await recordedCard(page)).said, /^Not reproduced: the results' digest differs/);
    if (demo === "sam") await page.screenshot({ path: `${SHOTS}/share-differs.png`, fullPage: true });
    assert.deepEqual(browser.consoleErrors, []);
  });
}

test("a damaged shared link says so and still trains", { timeout: 120_000 }, async () => {
  const { page } = browser;
  await browser.open("#demo=sam&backend=flex&epochs=2&digest=12ab&recorded=flex,10,1.0,0123456789abcdef");
  const card = await recordedCard(page);
  assert.equal(card.reproduced, "damaged");
  assert.match(card.said, /damaged \(its digest is not 64 hexadecimal digits\); re-run it to measure anew/);
  assert.equal(await page.$("[data-testid=problems]"), null, "the record's keys are no unknown settings");
  await trainToEnd(page);
});
