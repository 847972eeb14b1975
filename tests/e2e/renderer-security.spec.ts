/// <reference lib="dom" />
import { expect, test } from './support/desk-test';
import { CONTENT_SECURITY_POLICY } from '../../electron/csp';

test('the built renderer runs under the strict CSP, without Node, eval, inline or remote code', async ({ page, desk }) => {
  const host = await desk.startHost();
  const response = await page.goto(host.openUrl);
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /script-src 'self'/);
  await expect(page.getByTestId('active-profile')).toContainText('Sandbox');

  const probe = await page.evaluate(async () => {
    const globals = window as unknown as Record<string, unknown>;
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true';
    document.body.append(inline);
    // A string timer is compiled by the page itself, so the page's CSP ('unsafe-eval' absent) decides;
    // code evaluated from the test's own console would bypass the policy and prove nothing.
    (setTimeout as unknown as (code: string, ms: number) => void)('window.__stringTimerRan = true', 0);
    const remoteFetch = await fetch('https://api.kaleyra.io/').then(
      () => 'reached',
      () => 'blocked',
    );
    const remoteImage = await new Promise<string>((resolve) => {
      const image = new Image();
      image.onload = () => resolve('loaded');
      image.onerror = () => resolve('blocked');
      image.src = 'https://example.com/pixel.png';
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      require: typeof globals.require,
      process: typeof globals.process,
      module: typeof globals.module,
      inlineRan: globals.__inlineRan === true,
      evalBlocked: globals.__stringTimerRan !== true,
      remoteFetch,
      remoteImage,
      violations,
    };
  });
  expect(probe).toMatchObject({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    inlineRan: false,
    evalBlocked: true,
    remoteFetch: 'blocked',
    remoteImage: 'blocked',
  });
  // script-src-elem: the inline script; script-src: the string timer; connect-src and img-src: the remote loads.
  expect(probe.violations).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src', 'img-src']));
});
