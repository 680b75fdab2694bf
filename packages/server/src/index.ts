export {};
export * from './http/dashboard.js';
export { startParley, type StartOptions, type ParleyServer } from './main/start.js';
export { loadConfig, ConfigError, type Config } from './config/config.js';
export type { Store, InteractionStore, TenantStore, InteractionRecord, StatusChange } from './store/types.js';
export type { BackgroundWork, Job, QueuePolicy } from './queue/port.js';
export type { BlobStore, LocalFile } from './blobs/types.js';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER } from './webhooks/signature.js';
