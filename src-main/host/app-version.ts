import packageJson from '../../package.json' with { type: 'json' };

/** The workbench's version, from package.json (bundled in at build time under electron-vite). */
export const APP_VERSION: string = packageJson.version;
