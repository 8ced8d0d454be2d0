import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from '../../src-shared/api/client';
import { createIpcTransport } from './ipc-transport';

const api = createApi(createIpcTransport(ipcRenderer));

/** What the page gets as `window.leenet`: the contract's methods and subscriptions, nothing else. */
export type PreloadApi = typeof api;

contextBridge.exposeInMainWorld('leenet', api);
