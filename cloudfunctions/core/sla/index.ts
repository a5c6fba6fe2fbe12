/**
 * The service-level engine (pure): a business calendar compiled from configuration and holiday data,
 * business-time arithmetic over it, and clocks read from case event logs. See calendar.ts and clock.ts.
 */
export {
  addBusinessMinutes,
  addBusinessMs,
  businessMinutesBetween,
  businessMsBetween,
  compileCalendar,
  isBusinessDay,
  isBusinessTime,
  MINUTE_MS,
  nextBusinessTime,
  shanghaiDay,
  type BusinessCalendar,
  type HolidayYear,
} from './calendar';
export { CLOCK_EVENT_TYPES, clockStatus, type ClockEvent, type ClockEventType, type ClockOptions, type ClockState, type ClockStatus } from './clock';
export {
  CASE_TYPES,
  calendarSpecSchema,
  defaultServiceConfig,
  MAX_TARGET_MINUTES,
  serviceConfigSchema,
  TARGET_KINDS,
  targetMinutes,
  type CalendarSpec,
  type CaseType,
  type ServiceConfig,
  type TargetKind,
} from './config';
