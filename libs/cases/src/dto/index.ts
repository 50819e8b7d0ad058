/** The request DTOs of the case workbench, one file per part of a case (as the web UI's panels are split). */
export { CASE_DATE_RANGE, IsCalendarDate, MAX_ORE, VersionQueryDto } from './common.js';
export * from './case-query.dto.js';
export * from './intake.dto.js';
export * from './lifecycle.dto.js';
export * from './activity.dto.js';
export * from './economy.dto.js';
