export * from './channels';
export * from './client';
export * from './dispatch';
export * from './envelope';
export * from './events';
export * from './models';
export * from './requests';
export * from './check-config';
