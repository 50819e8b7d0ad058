export * from './audit-entry.js';
export * from './audit.service.js';
export * from './audit.module.js';
