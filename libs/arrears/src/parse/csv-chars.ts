/** Character codes (`charCodeAt`) the CSV scanner compares against. */
export const LF = 10;
export const CR = 13;
export const QUOTE = 34;
export const SPACE = 32;
export const TAB = 9;
