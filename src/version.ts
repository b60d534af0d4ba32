/** ccguard's version, as in package.json (kept in step by a test). */
export const CCGUARD_VERSION = '0.1.0';
