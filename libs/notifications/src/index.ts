export * from './mail.service.js';
export * from './notification-text.js';
export * from './outbox-relay.js';
export * from './reminder.processor.js';
export * from './mail.processor.js';
export * from './notifications.service.js';
export * from './notifications.controller.js';
export * from './notifications.module.js';
