/** The eviction risk levels, lowest first (risk.ts scores them). Dependency-free so the web UI imports it as it is. */

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
