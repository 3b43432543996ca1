/**
 * What domain code may know of stamps, pure functions only: an operation's time, and the prefix of the ids it made.
 * (Minting ids and reading the clock stay in ids.ts and clock.ts, which domain code may not import.)
 */
export { timestampTime } from './clock';
export { idPrefix } from './ids';
