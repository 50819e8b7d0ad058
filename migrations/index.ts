import { InitialSchema1795300000000 } from './1795300000000-initial-schema.js';
import { Municipalities1795300000001 } from './1795300000001-municipalities.js';
import { Cases1795300000002 } from './1795300000002-cases.js';
import { ArrearsImport1795300000003 } from './1795300000003-arrears-import.js';
import { CaseloadIndexes1795300000004 } from './1795300000004-caseload-indexes.js';
import { Notifications1795300000005 } from './1795300000005-notifications.js';
import { WeeklyEscalation1795300000006 } from './1795300000006-weekly-escalation.js';
import { EscalationIndexes1795300000007 } from './1795300000007-escalation-indexes.js';
import { Referrals1795300000008 } from './1795300000008-referrals.js';
import { ArrearsApplySpeed1795300000009 } from './1795300000009-arrears-apply-speed.js';
import { UploadEncryption1795300000010 } from './1795300000010-upload-encryption.js';

/** Every migration in order. Listed explicitly (not globbed) so the list survives the build. */
export const MIGRATIONS = [
  InitialSchema1795300000000,
  Municipalities1795300000001,
  Cases1795300000002,
  ArrearsImport1795300000003,
  CaseloadIndexes1795300000004,
  Notifications1795300000005,
  WeeklyEscalation1795300000006,
  EscalationIndexes1795300000007,
  Referrals1795300000008,
  ArrearsApplySpeed1795300000009,
  UploadEncryption1795300000010,
];
