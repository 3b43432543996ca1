import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { callApi, knownPerson, openAt, ROOT, snap, startServer, type StoreroomServer } from './helpers';

/*
 * Field copies, end to end: a catalogue and its field copy are worked on apart with the CLI (the same field changed on
 * both, one number and one location code made on both, new objects, a move and a condition record on the copy); the
 * copy's bundle is merged in the browser (its summary, the progress with Cancel, the result), the conflicts show on the
 * dashboard and their page, and are settled there; a bundle from another catalogue and a damaged one are refused in words.
 */
test.describe.configure({ mode: 'serial' });

const run = promisify(execFile);
const cli = async (args: string[]): Promise<unknown> => {
  const { stdout } = await run(process.execPath, [join(ROOT, 'src-main/cli/storeroom.js'), ...args, '--json'], { cwd: ROOT });
  return JSON.parse(stdout) as unknown;
};
/** A procedure called with the CLI on a catalogue no server holds (the setup this test is not about). */
async function call<T = { id: string }>(catalogue: string, procedure: string, input: unknown, person?: string): Promise<T> {
  const result = (await cli(['call', procedure, JSON.stringify(input), '--catalogue', catalogue, ...(person ? ['--person', person] : [])])) as { ok: boolean; data: T; error?: unknown };
  if (!result.ok) throw new Error(`${procedure} failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'tablet', width: 820, height: 1180 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** What does not fit: the page wider than its window, a button's or badge's text cut off. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = window.innerWidth;
    const pageWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    if (pageWidth > width + 1) problems.push(`the page is ${pageWidth}px wide in a ${width}px window`);
    for (const el of document.querySelectorAll('.mantine-Button-label, .mantine-Badge-label, .mantine-Menu-itemLabel')) {
      const box = el.getBoundingClientRect();
      if (box.width < 2 || !el.checkVisibility()) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2) problems.push(`cut off: "${(el.textContent ?? '').trim().slice(0, 40)}"`);
    }
    return problems;
  });
}

/** The page at desktop, tablet and phone sizes, one screenshot each, checked for what does not fit; then back to the test's own size. */
async function shoot(page: Page, name: string): Promise<void> {
  const problems: string[] = [];
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    // The layout settles first (the navigation drawer slides away on a phone).
    await page.waitForFunction(() =>
      document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
    );
    problems.push(...(await layoutProblems(page)).map((problem) => `${viewport.name}: ${problem}`));
    // From the top: a page scrolled by a click would draw its fixed header halfway down a full-page screenshot.
    await page.evaluate(() => window.scrollTo(0, 0));
    await snap(page, `sync-${name}-${viewport.name}`, { fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  expect.soft(problems, `${name}:\n${problems.join('\n')}`).toEqual([]);
}

let dir: string;
let server: StoreroomServer;
/** A copy of the museum's catalogue made by hand before any merge, for the same merge in Arabic. */
let arabicCatalogue: string;
let chloe: string;
let deviceCode: string;
let jarId: string;
const bundles = { field: '', foreign: '', damaged: '' };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'storeroom-e2e-sync-'));
  const main = join(dir, 'Museum store');
  const field = join(dir, 'Field laptop');

  chloe = (await call(main, 'people.create', { name: 'Chloé Bernard' })).id;
  const hugo = (await call(main, 'people.create', { name: 'Hugo Martin' })).id;
  await call(main, 'vocabularies.setTerms', { vocabulary: 'condition', terms: ['Good', 'Fair', 'Poor'] }, chloe);
  const room = await call(main, 'locations.create', { code: 'R2', name: 'Storeroom 2', type: 'room', role: 'permanent' }, chloe);
  const shelf = await call(main, 'locations.create', { code: 'R2-A', name: 'Unit A', type: 'unit', role: 'permanent', parentId: room.id }, chloe);
  jarId = (await call(main, 'objects.create', { number: '1998.1', name: 'Storage jar', materials: 'Clay' }, chloe)).id;

  deviceCode = ((await cli(['sync', 'copy', field, '--catalogue', main])) as { deviceCode: string }).deviceCode;

  // On the field laptop, offline.
  await call(field, 'objects.update', { id: jarId, materials: 'Stoneware' }, hugo);
  const fragment = await call(field, 'objects.create', { number: '2024.7', name: 'Textile fragment' }, hugo);
  await call(field, 'moves.create', { objectIds: [fragment.id], toLocationId: shelf.id }, hugo);
  await call(field, 'objects.checkCondition', { objectId: fragment.id, term: 'Fair' }, hugo);
  await call(field, 'objects.create', { number: '2024.9', name: 'Cup' }, hugo);
  await call(field, 'locations.create', { code: 'R3', name: 'Storeroom 3 (field)', type: 'room', role: 'permanent' }, hugo);
  // Meanwhile, in the museum.
  await call(main, 'objects.update', { id: jarId, materials: 'Terracotta' }, chloe);
  await call(main, 'objects.create', { number: '2024.9', name: 'Bowl' }, chloe);
  await call(main, 'locations.create', { code: 'R3', name: 'Storeroom 3', type: 'room', role: 'permanent' }, chloe);

  bundles.field = join(dir, 'Field laptop.storeroom-sync');
  await cli(['sync', 'bundle', bundles.field, '--catalogue', field]);
  const other = join(dir, 'Another museum');
  await call(other, 'people.create', { name: 'Somebody else' });
  bundles.foreign = join(dir, 'Another museum.storeroom-sync');
  await cli(['sync', 'bundle', bundles.foreign, '--catalogue', other]);
  bundles.damaged = join(dir, 'damaged.storeroom-sync');
  const whole = readFileSync(bundles.field);
  writeFileSync(bundles.damaged, whole.subarray(0, Math.floor(whole.length / 2)));

  arabicCatalogue = join(dir, 'Museum store (ar)');
  cpSync(main, arabicCatalogue, { recursive: true });
  server = await startServer({ catalogue: main });
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const open = async (page: Page, route: string) => {
  await page.addInitScript(knownPerson(chloe, 'en'));
  await openAt(server, page, route);
};

test('before any merge: no conflicts, and the Sync page says what each part is for', async ({ page }) => {
  await open(page, '/conflicts');
  await expect(page.getByRole('heading', { name: 'Conflicts to settle' })).toBeVisible();
  await expect(page.getByTestId('conflicts-empty')).toContainText('No conflicts');
  await shoot(page, '01-conflicts-empty');

  await page.getByRole('link', { name: 'Merge changes from another copy' }).click();
  await expect(page.getByRole('heading', { name: 'Field copies and merging' })).toBeVisible();
  await expect(page.getByTestId('sync-drop')).toContainText('Drop a sync bundle here');
  // In a browser a field copy cannot be written to a folder: the page says where it is done instead.
  await expect(page.getByTestId('sync-copy-desktop-only')).toContainText('File › Take a Field Copy…');
  await expect(page.getByTestId('sync-open-conflicts-banner')).toHaveCount(0);
  await shoot(page, '02-empty');
});

test('a bundle from another catalogue, and a damaged one, are refused in words', async ({ page }) => {
  await open(page, '/sync');
  await page.getByTestId('sync-file-input').setInputFiles(bundles.foreign);
  const error = page.getByTestId('sync-error');
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toContainText('comes from another catalogue ("Another museum"), not from a copy of this one');
  await shoot(page, '03-error-other-catalogue');

  await error.getByRole('button', { name: 'Choose another' }).click();
  await page.getByTestId('sync-file-input').setInputFiles(bundles.damaged);
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toContainText('damaged.storeroom-sync cannot be applied');
  await expect(error).toContainText('Nothing was changed');
  await shoot(page, '04-error-damaged');
  // Nothing was merged.
  expect((await callApi<{ open: number }>(server, 'conflicts.list', {})).open).toBe(0);
});

test('merging the field copy: what it brings, the progress, the conflicts, settled one by one', async ({ page }) => {
  test.setTimeout(180_000);
  await open(page, '/sync');
  await page.getByTestId('sync-file-input').setInputFiles(bundles.field);

  // What it brings, before anything changes.
  const summary = page.getByTestId('sync-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sync-summary-title')).toHaveText('What Field laptop.storeroom-sync brings');
  await expect(page.getByTestId('summary-catalogue')).toHaveText('Museum store');
  await expect(page.getByTestId('summary-device')).toHaveText(deviceCode);
  await expect(page.getByTestId('summary-changes')).toContainText('already here');
  const hugo = page.getByTestId('sync-summary-row').filter({ hasText: 'Hugo Martin' });
  // New objects, moves, photos, condition records, all changes (one device: no device column).
  await expect(hugo.locator('td')).toHaveText(['2', '1', '0', '1', '6']);
  await shoot(page, '05-summary');

  // The merge: held back at the server's door until the progress and its Cancel have been seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/sync.apply', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByTestId('sync-apply').click();
  const progress = page.getByTestId('sync-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('Merging the changes from Field laptop.storeroom-sync');
  await expect(progress).toContainText('All or nothing');
  await expect(progress.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await shoot(page, '06-progress');
  release();

  const result = page.getByTestId('sync-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('sync-result-applied')).toContainText('changes merged');
  await expect(page.getByTestId('sync-result-conflicts')).toContainText('3 conflicts to settle');
  await shoot(page, '07-result');

  // The dashboard and the header count them.
  await openAt(server, page, '/dashboard');
  await expect(page.getByTestId('dashboard-conflicts')).toContainText('3 conflicts from merging field copies are waiting for a decision.');
  await expect(page.getByTestId('sync-menu')).toHaveAccessibleName('Field copies and merging: 3 conflicts to settle');
  await shoot(page, '07b-dashboard');
  await page.getByTestId('dashboard-conflicts').getByRole('link', { name: 'Settle them' }).click();

  // The queue: each conflict with what it is about, both sides, who and when.
  await expect(page.getByRole('heading', { name: 'Conflicts to settle' })).toBeVisible();
  const cards = page.getByTestId('conflict');
  await expect(cards).toHaveCount(3);
  await expect(page.getByTestId('conflicts-open-count')).toHaveText('3 open');
  const field = cards.filter({ has: page.getByTestId('conflict-field') });
  await expect(field.getByTestId('conflict-field')).toHaveText('Materials');
  await expect(field.getByRole('link', { name: 'Object 1998.1 Storage jar' })).toBeVisible();
  const sides = field.getByTestId('conflict-side');
  await expect(sides).toHaveCount(2);
  await expect(field.getByTestId('conflict-value')).toHaveText(['Terracotta', 'Stoneware']);
  await expect(sides.nth(0)).toContainText('Chloé Bernard');
  await expect(sides.nth(0)).toContainText('Stands now');
  await expect(sides.nth(1)).toContainText('Hugo Martin');
  const number = cards.filter({ hasText: 'Object number 2024.9' });
  await expect(number.getByTestId('conflict-object')).toHaveCount(2);
  const code = cards.filter({ hasText: 'Code R3' });
  await expect(code).toContainText('Two locations were made with the code R3');
  await shoot(page, '08-conflicts');

  // Keep the field copy's value (the older one) for the jar's materials.
  await sides.nth(1).getByRole('button', { name: 'Keep Stoneware' }).click();
  await expect(cards).toHaveCount(2);
  // Renumber the field copy's cup.
  const cup = number.getByTestId('conflict-object').filter({ hasText: 'Cup' });
  const cupNumber = cup.getByRole('textbox', { name: 'New number for “Cup”' });
  await expect(cupNumber).toHaveValue('2024.9');
  await cup.getByRole('button', { name: 'Renumber' }).click();
  await expect(cup).toContainText('Give it a number other than 2024.9.');
  await cupNumber.fill('2024.10');
  await cup.getByRole('button', { name: 'Renumber' }).click();
  await expect(cards).toHaveCount(1);
  // A code with a space is refused before it is sent; then the set-aside location keeps the code merging gave it.
  const codeInput = code.getByRole('textbox', { name: 'Code for this location' });
  await codeInput.fill('R3 B');
  await code.getByRole('button', { name: 'Use this code' }).click();
  await expect(code).toContainText('A code cannot contain spaces');
  await code.getByRole('button', { name: /^Keep R3~/ }).click();

  await expect(page.getByTestId('conflicts-empty')).toContainText('No conflicts');
  await page.getByTestId('conflicts-show-settled').click();
  const settled = page.getByTestId('conflict-settled');
  await expect(settled).toHaveCount(3);
  await expect(settled.filter({ hasText: 'Materials' })).toContainText('Kept Stoneware');
  await expect(settled.filter({ hasText: 'Materials' })).toContainText('Chloé Bernard');
  await expect(settled.filter({ hasText: '2024.9' })).toContainText('“Cup” renumbered 2024.10');
  await shoot(page, '09-conflicts-settled');

  // The catalogue says so too: nothing open, each settled by Chloé, the values in place.
  const listed = await callApi<{ open: number; conflicts: { kind: string; resolved: { personName: string | null } | null }[] }>(server, 'conflicts.list', {});
  expect(listed.open).toBe(0);
  expect(listed.conflicts.map((c) => [c.kind, c.resolved?.personName]).sort()).toEqual([
    ['code', 'Chloé Bernard'],
    ['field', 'Chloé Bernard'],
    ['number', 'Chloé Bernard'],
  ]);
  expect((await callApi<{ materials: string }>(server, 'objects.get', { id: jarId })).materials).toBe('Stoneware');
  const cups = await callApi<{ items: { name: string }[] }>(server, 'objects.findByNumber', { number: '2024.10' });
  expect(cups.items.map((o) => o.name)).toEqual(['Cup']);

  // The dashboard no longer shows them, and merging the same bundle again brings nothing new.
  await openAt(server, page, '/dashboard');
  await expect(page.getByRole('heading', { name: 'Workshop progress' })).toBeVisible();
  await expect(page.getByTestId('dashboard-conflicts')).toHaveCount(0);
  await openAt(server, page, '/sync');
  await page.getByTestId('sync-file-input').setInputFiles(bundles.field);
  await expect(page.getByTestId('sync-nothing-new')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sync-apply')).toHaveCount(0);
});

test('in Arabic, right to left: the same merge, its summary, progress and result, the conflicts (a code kept, two records made one) and the dashboard', async ({ page }) => {
  test.setTimeout(180_000);
  const arabic = await startServer({ catalogue: arabicCatalogue, language: 'ar' });
  try {
    await page.addInitScript(knownPerson(chloe, 'ar'));
    await openAt(arabic, page, '/sync');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { name: 'النسخ الميدانية والدمج' })).toBeVisible();
    await shoot(page, 'ar-01-sync');

    await page.getByTestId('sync-file-input').setInputFiles(bundles.field);
    await expect(page.getByTestId('sync-summary')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('sync-summary-row').filter({ hasText: 'Hugo Martin' })).toBeVisible();
    await shoot(page, 'ar-02-summary');

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/sync.apply', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId('sync-apply').click();
    await expect(page.getByTestId('sync-progress')).toContainText('كل شيء أو لا شيء');
    await shoot(page, 'ar-03-progress');
    release();
    await expect(page.getByTestId('sync-result')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('sync-result-conflicts')).toContainText('تعارضات بانتظار الحسم');
    await shoot(page, 'ar-04-result');

    await openAt(arabic, page, '/conflicts');
    await expect(page.getByTestId('conflict')).toHaveCount(3);
    await expect(page.getByTestId('conflicts-open-count')).toHaveText(/^\S*[3٣]\S* تعارضات مفتوحة$/);
    // Codes read left to right inside the Arabic sentence: "R3~0001", not "0001~R3".
    const keep = page.getByTestId('conflict').getByRole('button', { name: /R3~/ });
    const order = await keep.evaluate((button) => {
      const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        const at = text.indexOf('R3~');
        if (at < 0) continue;
        const range = document.createRange();
        const left = (from: number) => (range.setStart(node!, from), range.setEnd(node!, from + 1), range.getBoundingClientRect().left);
        return left(at) < left(at + 3) ? 'ltr' : 'reversed';
      }
      return 'missing';
    });
    expect(order).toBe('ltr');
    await shoot(page, 'ar-05-conflicts');
    // One settled (the set-aside location keeps the code merging gave it): the settled list, folded out.
    await keep.click();
    await expect(page.getByTestId('conflict')).toHaveCount(2);
    // The cup and the bowl are taken as one object recorded twice: one record, the bowl's, stays.
    await page.getByTestId('conflict-object').filter({ hasText: 'Bowl' }).getByTestId('conflict-merge-objects').click();
    await expect(page.getByTestId('conflict')).toHaveCount(1);
    await page.getByTestId('conflicts-show-settled').click();
    await expect(page.getByTestId('conflict-settled')).toHaveCount(2);
    await expect(page.getByTestId('conflict-settled').filter({ hasText: '2024.9' })).toContainText(/دُمجا في سجل واحد مع الإبقاء على «\u2068?Bowl\u2069?»/);
    const records = await callApi<{ items: { name: string }[] }>(arabic, 'objects.findByNumber', { number: '2024.9' });
    expect(records.items.map((o) => o.name)).toEqual(['Bowl']);
    await shoot(page, 'ar-05b-settled');

    await openAt(arabic, page, '/dashboard');
    await expect(page.getByTestId('dashboard-conflicts')).toContainText('تعارض واحد من دمج النسخ الميدانية بانتظار قرار.');
    await shoot(page, 'ar-06-dashboard');
  } finally {
    await arabic.stop();
  }
});
