import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserCommand } from '../server/open-browser';
import { parseServeArgs } from './serve';

describe('leenet serve arguments', () => {
  it('defaults to a free port on loopback and the built renderer', () => {
    const args = parseServeArgs([]);
    expect(args.port).toBe(0);
    expect(args.rendererDir).toMatch(/out[\\/]renderer$/);
    expect(args.open).toBe(false);
  });

  it('reads --port, --workspace, --renderer and --open', () => {
    expect(parseServeArgs(['--port', '8123', '--workspace', 'ws', '--renderer', 'r', '--open'])).toEqual({
      port: 8123,
      workspace: path.resolve('ws'),
      rendererDir: path.resolve('r'),
      open: true,
    });
  });

  it('refuses bad ports, missing values and unknown options', () => {
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/0 to 65535/);
    expect(() => parseServeArgs(['--port'])).toThrow(/needs a value/);
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(/Unknown option --host/);
  });

  it('opens a browser only where there is a desktop', () => {
    expect(browserCommand('linux', {})).toBeNull();
    expect(browserCommand('linux', { DISPLAY: ':0' })).toEqual(['xdg-open', []]);
    expect(browserCommand('darwin', {})).toEqual(['open', []]);
  });
});
