export * from './maintenance.processor.js';
export * from './maintenance.module.js';
