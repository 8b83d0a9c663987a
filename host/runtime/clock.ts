import type { Clock } from '../../plugin/index';

export const systemClock: Clock = { now: () => new Date() };
