import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * What `npm install` would warn about, read from the lock file it installs: a package whose Node range leaves out
 * the Node the README promises (EBADENGINE), or one with an install script `allowScripts` does not decide on.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string }; allowScripts: Record<string, boolean> };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; hasInstallScript?: boolean }> };
const nameOf = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('npm install on the Node the README names', () => {
  const minimum = semver.minVersion(pkg.engines.node)!.version;

  it('the README and package.json name the same Node', () => {
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`Node ≥ ${minimum.replace(/\.0$/, '')}`);
  });

  it('no installed package refuses that Node (no EBADENGINE warning)', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([key, p]) => key && !Array.isArray(p.engines) && p.engines?.node && !semver.satisfies(minimum, p.engines.node))
      .map(([key, p]) => `${nameOf(key)} (${(p.engines as { node: string }).node})`);
    expect(refusing).toEqual([]);
  });

  it('allowScripts decides on every package with an install script', () => {
    const scripted = Object.entries(lock.packages).filter(([key, p]) => key && p.hasInstallScript).map(([key]) => nameOf(key));
    expect(scripted.filter((name) => !(name in pkg.allowScripts))).toEqual([]);
  });
});
