/**
 * Debian's Chromium, never a downloaded browser (`scripts/ensure-debian.sh` installs it), with the flags the
 * end-to-end tests and `npm run bench:ui` both launch it with.
 */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};
