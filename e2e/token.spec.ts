import { expect, test } from '@playwright/test';
import { serve, type Served } from './serve-fixture';

let served: Served;
test.beforeAll(async () => {
  served = await serve();
});
test.afterAll(async () => {
  await served?.stop();
});

test('browser mode: the page and the socket refuse requests without the token', async ({ page, request }) => {
  expect((await request.get(`${served.origin}/`)).status()).toBe(403);
  expect((await request.get(`${served.origin}/?token=wrong`)).status()).toBe(403);
  await page.goto(`${served.origin}/?token=wrong`);
  await expect(page.locator('body')).toContainText('Forbidden');
  const refused = await page.evaluate(
    (origin) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=wrong`);
        ws.onopen = () => resolve(false);
        ws.onerror = () => resolve(true);
      }),
    served.origin,
  );
  expect(refused).toBe(true);
});
