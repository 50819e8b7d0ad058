export * from './escalation.service.js';
export * from './escalation.processor.js';
export * from './escalation.controller.js';
export * from './escalation.module.js';
