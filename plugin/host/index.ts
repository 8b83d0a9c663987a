export type * from './Host';
export type * from './Ledger';
export type * from './Plugin';
export type * from './Screen';
