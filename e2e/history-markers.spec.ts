/**
 * The time control's markers when there are more than its slider can hold 24 px apart (WCAG 2.2
 * 2.5.8): at 1280 px, ninety changes (five at one instant) become targets no closer than 24 px,
 * where a group says how many changes it holds, opens with the keyboard to list them, each
 * showing its instant, and closes with Escape back on the group. The changes are the answer of
 * `GET /api/changes`, routed here (the seed cluster has no such history).
 */
import { axeViolations } from './axe';
import { test, expect } from './fixtures';
import { MapPage } from './pages/map-page';

test.use({ scenario: 'seed' });

const COUNT = 90;

function changes() {
  const now = Math.floor(Date.now() / 1000) * 1000 - 5000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const transitions = Array.from({ length: COUNT }, (_, i) => ({
    // Five at one instant, the rest two minutes apart, oldest first.
    at: iso(now - 60_000 - (i < 5 ? 0 : (i - 4) * 120_000)),
    namespace: 'default',
    name: `svc-${i}`,
    to: i % 2 ? 'healthy' : 'broken',
    reasons: i % 2 ? [] : ['no-endpoints'],
  })).sort((a, b) => a.at.localeCompare(b.at));
  return {
    from: iso(now - 6 * 3_600_000),
    to: iso(now),
    now: iso(now),
    retainedSince: iso(now - 7 * 3_600_000),
    transitions,
    services: [],
    entries: [],
  };
}

test('1280 px, 90 changes: every marker target is 24 px and none closer; groups say how many and open by keyboard', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.route(/\/changes\?/, (route) => route.fulfill({ json: changes() }));
  const map = new MapPage(page);
  await map.open();
  await page.getByTestId('time-travel').click();
  const list = page.getByRole('list', { name: 'Services that broke or recovered' });
  // The slider's own targets (a group's list, closed, holds none).
  const targets = list.locator(':scope > li [data-testid^="history-marker"]');
  await expect(targets.first()).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => list.getByRole('button', { name: /changes/ }).count()).toBeGreaterThan(0);

  const boxes = (
    await targets.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, width: r.width, height: r.height };
      }),
    )
  ).sort((a, b) => a.left - b.left);
  expect(boxes.length).toBeLessThan(COUNT);
  for (const box of boxes) {
    expect(box.width).toBeGreaterThanOrEqual(24);
    expect(box.height).toBeGreaterThanOrEqual(24);
  }
  for (let i = 1; i < boxes.length; i++)
    expect(boxes[i]!.left).toBeGreaterThanOrEqual(boxes[i - 1]!.right - 0.5);

  // Every change is still there: the singles plus what each group says it holds.
  const groups = list.getByRole('button', { name: /^\d+ changes/ });
  const held = await groups.evaluateAll((els) =>
    els.map((el) => Number(el.getAttribute('data-count'))),
  );
  for (const [i, count] of held.entries())
    await expect(groups.nth(i)).toHaveAccessibleName(new RegExp(`^${count} changes (at|from) `));
  const singles = (await targets.count()) - held.length;
  expect(singles + held.reduce((a, b) => a + b, 0)).toBe(COUNT);

  // The keyboard: a group opens with Enter, its changes are listed and focused, Escape closes it
  // and gives focus back to the group; picking a listed change shows its instant.
  const group = groups.first();
  await group.focus();
  await expect(group).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(group).toHaveAttribute('aria-expanded', 'true');
  const inside = page
    .locator(`[id="${await group.getAttribute('aria-controls')}"]`)
    .getByRole('button');
  await expect(inside).toHaveCount(held[0]!);
  await expect(inside.first()).toBeFocused();
  await expect(inside.first()).toHaveAccessibleName(/^default\/svc-\d+ (broke|recovered) at /);
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(group).toHaveAttribute('aria-expanded', 'false');
  await expect(group).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(inside.first()).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(inside.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]at=/);
});
