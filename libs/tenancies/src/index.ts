export * from './cpr-vault.js';
export * from './person.repository.js';
export * from './tenancy.repository.js';
export * from './persons.service.js';
export * from './tenancies.module.js';
