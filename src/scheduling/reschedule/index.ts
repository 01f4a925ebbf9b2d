// Differential rescheduling: events, the Rescheduler that keeps state between them, reschedule().
export { Rescheduler, reschedule, DEFAULT_RESCHEDULE_OPTIONS } from './rescheduler.js';
export type { CurrentPlacement, DeviceHoldings, Move, RescheduleOptions, RescheduleResult } from './rescheduler.js';
export { applyEvent, EVENT_TYPES } from './events.js';
export type { RescheduleEvent, NodeFailureEvent, NodeDrainEvent, NodeAddedEvent, ScaleEvent, NewServiceEvent, EdgeWeightEvent, ReconcileEvent, RequestChangeEvent } from './events.js';
