import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { callApi, knownPerson, openAt, ROOT, SCREENSHOTS, SCREENSHOTS_WANTED, snap, startServer, type StoreroomServer } from './helpers';

/*
 * Every page in every language, at a phone's 390×844 (and a desktop's 1440×900, see DESKTOP_TOO): no page is wider
 * than its window, no button's text is cut off, and Arabic reads right to left. Each language gets its own catalogue, made in that
 * language (its condition terms are that language's), with a little of everything: rooms, units, shelves, a box, the
 * floor and a holding area, objects, moves, a condition, Before and After, a viewpoint with its two photos.
 *
 * With E2E_SCREENSHOTS=1, every language is looked at on both sizes, and the screenshots and the printed report are
 * saved in tests/e2e/screenshots/languages/<language>/ (git-ignored), for a person to look at: German is the longest
 * language, Arabic the mirrored one.
 */

/** Every language folder; E2E_LANGUAGES=de,ar runs just those. */
const LANGUAGES = readdirSync(join(ROOT, 'resources/locales'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && (!process.env.E2E_LANGUAGES || process.env.E2E_LANGUAGES.split(',').includes(entry.name)))
  .map((entry) => entry.name)
  .sort();
const DIRECTION = Object.fromEntries(
  LANGUAGES.map((language) => [language, (JSON.parse(readFileSync(join(ROOT, 'resources/locales', language, 'meta.json'), 'utf8')) as { dir: string }).dir]),
);

/** A text of the interface in `language`, by its key (`main.newObject`), from whichever namespace holds it. */
function say(language: string, key: string): string {
  for (const file of readdirSync(join(ROOT, 'resources/locales', language))) {
    let node: unknown = JSON.parse(readFileSync(join(ROOT, 'resources/locales', language, file), 'utf8'));
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node === 'string') return node;
  }
  throw new Error(`${language} has no text ${key}`);
}

const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface Fixture {
  server: StoreroomServer;
  personId: string;
  objectId: string;
  roomId: string;
  unitId: string;
  viewpointId: string;
}

/** A photo from the viewpoint: a coloured scene. */
const scene = (colour: string) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="${colour}"/>` +
        `<rect x="40" y="300" width="560" height="30" fill="#5b4636"/><rect x="80" y="160" width="100" height="140" fill="#d9c7a0"/>` +
        `<rect x="260" y="200" width="140" height="100" fill="#a3b18a"/></svg>`,
    ),
  )
    .jpeg({ quality: 70 })
    .toBuffer();

async function upload(server: StoreroomServer, bytes: Buffer, name: string, personId: string): Promise<string> {
  const response = await fetch(`${server.url}api/upload`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: bytes });
  const { uploadId } = ((await response.json()) as { data: { uploadId: string } }).data;
  const result = await callApi<{ added: { photoId: string }[] }>(server, 'photos.import', { uploads: [{ uploadId, name }] }, personId);
  return result.added[0]!.photoId;
}

/** A catalogue made in `language`, with something on every page. */
async function seed(language: string): Promise<Fixture> {
  const server = await startServer(language);
  const personId = (await callApi<{ id: string }>(server, 'people.create', { name: 'Ana Lima' })).id;
  const api = <T = { id: string }>(procedure: string, input: unknown) => callApi<T>(server, procedure, input, personId);
  const ids = new Map<string, string>();
  const location = async (code: string, name: string, type: string, parent: string | null, role = 'permanent') =>
    ids.set(code, (await api('locations.create', { code, name, type, role, parentId: parent ? ids.get(parent) : null })).id);
  await api('vocabularies.setTerms', { vocabulary: 'category', terms: ['Ceramics', 'Textiles', 'Metalwork'] });
  await location('B1', 'Museum building', 'building', null);
  await location('R2', 'Basement storeroom', 'room', 'B1');
  await location('R2-A', 'Cabinet A', 'unit', 'R2');
  await location('R2-A-1', 'Shelf 1', 'shelf', 'R2-A');
  await location('BX-7', 'Acid-free box', 'box', 'R2-A-1');
  await location('R2-FL', 'Floor by the door', 'unit', 'R2', 'floor');
  await location('R2-H', 'Holding table', 'unit', 'R2', 'holding');
  const names = ['Glazed earthenware storage jar with lid', 'Silk banner', 'Bowl', 'Lace collar', 'Brass candlestick', 'Embroidered sampler', 'Vase', 'Quilt'];
  const objects: string[] = [];
  for (const [i, name] of names.entries()) {
    const object = await api('objects.create', { number: `2024.${i + 1}`, name, category: ['Ceramics', 'Textiles', 'Metalwork'][i % 3], reachable: i % 3 === 0 ? false : true });
    objects.push(object.id);
  }
  await api('objects.create', { name: 'Unnumbered fragment' });
  const { conditions } = await api<{ conditions: string[] }>('vocabularies.get', {});
  await api('objects.checkCondition', { objectId: objects[0], term: conditions[0] });
  await api('objects.checkCondition', { objectId: objects[1], term: conditions.at(-1) });
  await api('moves.create', { objectIds: objects.slice(0, 2), toLocationId: ids.get('R2-FL') });
  await api('moves.create', { objectIds: objects.slice(2, 4), toLocationId: ids.get('R2-H'), reason: 'to_holding_area' });
  await api('moves.create', { objectIds: objects.slice(4, 7), toLocationId: ids.get('BX-7') });
  const viewpoint = await api('viewpoints.create', { locationId: ids.get('R2'), name: 'From the door', notes: 'Standing in the doorway, facing the back wall' });
  const { milestones } = await api<{ milestones: { id: string; kind: string }[] }>('milestones.list', {});
  const before = milestones.find((m) => m.kind === 'before')!;
  await api('viewpoints.setPhoto', { viewpointId: viewpoint.id, milestoneId: before.id, photoId: await upload(server, await scene('#8d99ae'), 'before.jpg', personId) });
  await api('moves.create', { objectIds: objects.slice(0, 2), toLocationId: ids.get('R2-A-1'), reason: 'reorganization' });
  const after = await api('milestones.create', { name: 'After', kind: 'after' });
  await api('viewpoints.setPhoto', { viewpointId: viewpoint.id, milestoneId: after.id, photoId: await upload(server, await scene('#a8dadc'), 'after.jpg', personId) });
  return { server, personId, objectId: objects[0]!, roomId: ids.get('R2')!, unitId: ids.get('R2-A')!, viewpointId: viewpoint.id };
}

/** The pages, by name, and their routes. */
const pages = (f: Fixture): [string, string][] => [
  ['main', '/'],
  ['main-unit', `/?location=${f.unitId}`],
  ['object', `/objects/${f.objectId}`],
  ['location', `/locations/${f.roomId}`],
  ['rapid', '/rapid'],
  ['batches', '/batches'],
  ['changes', '/changes'],
  ['settings', '/settings'],
  ['milestones', '/milestones'],
  ['compare', '/compare'],
  ['viewpoints', '/viewpoints'],
  ['viewpoints-compare', `/viewpoints/compare?room=${f.roomId}&viewpoint=${f.viewpointId}`],
  ['viewpoints-slider', `/viewpoints/compare?room=${f.roomId}&viewpoint=${f.viewpointId}&mode=slider`],
  ['dashboard', '/dashboard'],
  ['report', '/report'],
  ['import', '/import'],
  ['photos-import', '/photos/import'],
  ['sync', '/sync'],
  ['conflicts', '/conflicts'],
];

/** Counts the app's requests in flight (it asks for its data with fetch), for `settle`. */
const COUNT_REQUESTS = `(() => {
  let inFlight = 0;
  const fetch = window.fetch.bind(window);
  window.fetch = (...args) => { inFlight++; return fetch(...args).finally(() => inFlight--); };
  Object.defineProperty(window, 'e2eRequests', { get: () => inFlight });
})();`;

/** Waits until the page has its data and has drawn it: no request in flight, no loader or skeleton, twice in a row. */
async function settle(page: Page): Promise<void> {
  const quiet = () =>
    page.waitForFunction(
      () => (window as unknown as { e2eRequests: number }).e2eRequests === 0 && document.querySelector('main, [data-testid]') !== null && !document.querySelector('.mantine-Loader-root, .mantine-Skeleton-root[data-visible]'),
      null,
      { timeout: 15_000, polling: 50 },
    );
  await quiet();
  await page.waitForTimeout(120);
  await quiet();
}

/** What does not fit: the page wider than the window (and what sticks out), buttons whose text is cut off. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = window.innerWidth;
    const rtl = document.documentElement.dir === 'rtl';
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className.split(' ').slice(0, 2).join(' ')}"` : ''}> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const shown = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 2 && box.height > 2 && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && !el.closest('[aria-hidden="true"], .visually-hidden');
    };
    // What sticks out of the window at the end of the line (the right; the left in Arabic), and is not inside
    // something that scrolls or clips it (a wide table scrolls in its own box): the innermost such elements.
    const sticksOut = (el: Element) => {
      const box = el.getBoundingClientRect();
      return rtl ? box.left < -1 : box.right > width + 1;
    };
    const contained = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible' || getComputedStyle(a).position === 'fixed') return true;
      }
      return false;
    };
    const out = [...document.querySelectorAll('body *')].filter((el) => shown(el) && sticksOut(el) && !contained(el) && ![...el.children].some((child) => shown(child) && sticksOut(child)));
    const pageWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    if (out.length > 0 || pageWidth > width + 1) {
      // Nothing visible? Then something hidden makes the page scroll (such as a textarea measuring text).
      const culprits = out.length > 0 ? out : [...document.querySelectorAll('body *')].filter((el) => sticksOut(el) && !contained(el));
      problems.push(`the page is ${pageWidth}px wide in a ${width}px window: ${culprits.slice(0, 4).map(describe).join(', ')}`);
    }
    const labels = document.querySelectorAll(
      '.mantine-Button-label, .mantine-SegmentedControl-label, .mantine-Tabs-tabLabel, .mantine-NavLink-label, .mantine-Chip-label, .mantine-Menu-itemLabel, .mantine-Badge-label',
    );
    for (const el of labels) {
      if (!shown(el)) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2) problems.push(`cut off: ${describe(el)} (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
    }
    // A field's label with a word longer than its column runs into the next one.
    for (const el of document.querySelectorAll('.mantine-InputWrapper-label, .mantine-InputWrapper-description, .mantine-Radio-label, .mantine-Checkbox-label, .mantine-Switch-label')) {
      if (!shown(el)) continue;
      const column = (el.closest('.mantine-InputWrapper-root, .mantine-Radio-root, .mantine-Checkbox-root, .mantine-Switch-root') ?? el.parentElement!).getBoundingClientRect();
      const box = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth + 1 || box.right > column.right + 1 || box.left < column.left - 1) problems.push(`runs over: ${describe(el)} (${Math.round(box.width)} in ${Math.round(column.width)})`);
    }
    return problems;
  });
}


/**
 * Every language on a phone, where the width runs out first; on a desktop too for German (the longest) and Arabic (the
 * mirrored one), and for every language when screenshots are wanted. (Every other e2e test looks at the desktop in
 * English.)
 */
const DESKTOP_TOO = new Set(['de', 'ar']);

// The languages are independent (each has its own catalogue and server): two workers share them.
test.describe.configure({ mode: 'parallel' });

for (const language of LANGUAGES) {
  const sizes = SIZES.filter((size) => size.name === 'phone' || DESKTOP_TOO.has(language) || SCREENSHOTS_WANTED);
  test(`every page in ${language}, ${sizes.length === 2 ? 'on a desktop and a phone' : 'on a phone'}`, async ({ page }) => {
    test.setTimeout(240_000);
    const fixture = await seed(language);
    const dir = `languages/${language}`;
    mkdirSync(join(SCREENSHOTS, dir), { recursive: true });
    const problems: string[] = [];
    try {
      // The first screen: who is working, on a device that has not said yet.
      await page.addInitScript(`localStorage.setItem('storeroom.language', '${language}');`);
      await page.addInitScript(COUNT_REQUESTS);
      await page.setViewportSize(SIZES[1]);
      await openAt(fixture.server, page, '/');
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.locator('html')).toHaveAttribute('dir', DIRECTION[language]!);
      if (SCREENSHOTS_WANTED) await page.waitForTimeout(300);
      await snap(page, `${dir}/phone-00-who`);
      await page.evaluate(knownPerson(fixture.personId, language));

      // Each page is opened once, looked at on a desktop, then on a phone: the window narrows under the same data.
      for (const [i, [name, route]] of pages(fixture).entries()) {
        await page.setViewportSize(sizes[0]!);
        // The app is open: a page is a new hash, as following a link within it.
        if (i === 0) await openAt(fixture.server, page, route).then(() => page.reload());
        else await page.evaluate((hash) => (window.location.hash = hash), route);
        for (const size of sizes) {
          await page.setViewportSize(size);
          await settle(page);
          problems.push(...(await layoutProblems(page)).map((problem) => `${size.name} ${name}: ${problem}`));
          await snap(page, `${dir}/${size.name}-${String(i + 1).padStart(2, '0')}-${name}`, { fullPage: true });
        }
      }
      // The dialogs with the most to say: the selection's actions, printing labels, a new object.
      for (const size of sizes) {
        // Opened afresh at this size: a textarea's hidden twin, measured on the desktop, would still be desktop-wide.
        await page.setViewportSize(size);
        await openAt(fixture.server, page, '/');
        await page.reload();
        await settle(page);
        const look = async (name: string) => {
          await settle(page);
          problems.push(...(await layoutProblems(page)).map((problem) => `${size.name} ${name}: ${problem}`));
          await snap(page, `${dir}/${size.name}-${name}`);
        };
        // A phone lists the objects as cards, without the table's selection: selecting and printing labels are the desktop's.
        if (size === SIZES[0]) {
          await page.locator('[role="columnheader"] input.row-check').click();
          await expect(page.getByTestId('selection-labels')).toBeVisible();
          await look('20-selection');
          await page.getByTestId('selection-labels').click();
          await expect(page.getByTestId('labels-dialog').locator('.labels-preview-image:not(.is-stale)')).toBeVisible();
          await look('21-labels-dialog');
          await page.keyboard.press('Escape');
          await page.locator('[role="columnheader"] input.row-check').click();
        }
        await page.getByRole('button', { name: say(language, 'main.newObject') }).first().click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await look('22-new-object');
        await page.keyboard.press('Escape');
      }

      // The printed report, as the printer gets it (A4; pdftoppm turns it into pictures to look at), with the screenshots.
      if (SCREENSHOTS_WANTED) {
        await openAt(fixture.server, page, '/report');
        await settle(page);
        await page.pdf({ path: join(SCREENSHOTS, dir, 'report.pdf'), format: 'A4', printBackground: true });
      }
    } finally {
      await fixture.server.stop();
    }
    expect(problems, `layout problems in ${language}`).toEqual([]);
  });
}
