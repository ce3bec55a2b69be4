// The construct library: the only code that imports cdktf.
export * from './host';
export * from './scope';
export * from './redirect-url';
export * from './flows';
export * from './removal-policy';
export * from './secret-reference';
export * from './secret-store';
export * from './oauth-client';
export { type ResourceType } from './client-resource';
export { Reconciler } from './reconciler';
export { projectLocalBackend } from './local-state';
