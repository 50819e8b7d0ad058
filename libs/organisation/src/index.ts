export * from './department.repository.js';
export * from './municipality.repository.js';
export * from './organisation.module.js';
