export * from './parse/index.js';
export * from './trigger-rules.js';
export * from './trigger-rules.service.js';
export * from './snapshot-applier.js';
export * from './arrears-import.service.js';
export * from './arrears-import.processor.js';
export * from './arrears.dto.js';
export * from './arrears.module.js';
