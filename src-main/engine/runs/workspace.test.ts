import { describe, expect, it } from 'vitest';
import { defaultWorkspace } from './workspace';

describe('defaultWorkspace', () => {
  const home = '/home/me';
  it('$LEENET_WORKSPACE wins, made absolute', () => {
    expect(defaultWorkspace({ env: { LEENET_WORKSPACE: '/data/runs' }, platform: 'linux', home })).toBe('/data/runs');
    expect(defaultWorkspace({ env: { LEENET_WORKSPACE: 'rel' }, platform: 'linux', home })).toBe(`${process.cwd()}/rel`.replace(/\\/g, '/'));
  });

  it('Linux: $XDG_DATA_HOME, else ~/.local/share; an empty variable counts as unset', () => {
    expect(defaultWorkspace({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'linux', home })).toBe('/xdg/leenet-workbench/runs');
    expect(defaultWorkspace({ env: { XDG_DATA_HOME: '' }, platform: 'linux', home })).toBe('/home/me/.local/share/leenet-workbench/runs');
  });

  it('macOS: Application Support; Windows: %APPDATA%', () => {
    expect(defaultWorkspace({ env: {}, platform: 'darwin', home: '/Users/me' })).toBe('/Users/me/Library/Application Support/leenet-workbench/runs');
    expect(defaultWorkspace({ env: { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\me' })).toBe(
      'C:\\Users\\me\\AppData\\Roaming\\leenet-workbench\\runs',
    );
    expect(defaultWorkspace({ env: {}, platform: 'win32', home: 'C:\\Users\\me' })).toBe('C:\\Users\\me\\AppData\\Roaming\\leenet-workbench\\runs');
  });
});
